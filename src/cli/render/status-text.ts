// Renders `keyward status`: one row per declared key generation with state, expiry, last use and delivery, then notices.
// Built from the matched (secret-free) model; key IDs and names only.
import { matchScope, effectiveState, isDelivered, type Plan } from '../../core/plan/index.js';
import type { DesiredModel } from '../../core/desired.js';
import type { ObservedModel } from '../../core/model.js';
import { remoteKeyName } from '../../core/key-names.js';
import { plainColors, type Colors } from '../../app/render/colors.js';

function day(date: Date | null): string {
  return date === null ? '-' : date.toISOString().slice(0, 16).replace('T', ' ');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}

export function renderStatusText(model: DesiredModel, observed: ObservedModel, plan: Plan, now: Date, c: Colors = plainColors): string {
  const rows: string[][] = [['SCOPE', 'SERVICE USER', 'KEY', 'ID', 'STATE', 'EXPIRES', 'LAST USED', 'DELIVERED']];
  for (const scope of model.scopes) {
    const seen = observed.scopes.find((o) => o.scope === scope.name);
    if (!seen) continue;
    for (const user of matchScope(scope, seen).users) {
      if (user.remote === null) {
        rows.push([scope.name, user.desired.name, '-', '-', 'absent', '-', '-', '-']);
        continue;
      }
      for (const key of user.keys) {
        if (key.generations.length === 0) rows.push([scope.name, user.desired.name, remoteKeyName(key.desired.name, key.desired.generation), '-', 'absent', '-', '-', '-']);
        for (const g of key.generations) {
          const delivered = key.secrets.length === 0 ? 'no store' : isDelivered(key.secrets, g.key.id) ? 'yes' : 'no';
          rows.push([scope.name, user.desired.name, g.key.name, g.key.id, effectiveState(g.key, now), day(g.key.expiresAt), day(g.key.lastUsedAt), delivered]);
        }
      }
    }
  }
  const lines = table(rows);
  lines[0] = c.bold(lines[0] ?? '');
  if (plan.notices.length > 0) {
    lines.push('', 'Notices:');
    for (const n of plan.notices) lines.push(`  ${c.cyan('!')} ${n.code}: ${n.scope}/${n.serviceUser}${n.keyName ? `/${n.keyName}` : ''}: ${n.message}`);
  }
  lines.push('', plan.actions.length === 0 ? 'In sync with the manifests.' : `${plan.actions.length} pending change(s): run keyward plan for details.`);
  return `${lines.join('\n')}\n`;
}
