// Renders `keyward status`: one row per remote key of each declared key (state, expiry, last use, which stores hold
// it), then problems and notices. Built from the secret-free status report; key IDs and names only.
import type { StatusJson } from '../../app/status.js';
import { plainColors, type Colors } from '../../app/render/colors.js';

function day(iso: string | null): string {
  return iso === null ? '-' : iso.slice(0, 16).replace('T', ' ');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

export function renderStatusText(status: StatusJson, c: Colors = plainColors): string {
  const rows: string[][] = [['SCOPE', 'SERVICE USER', 'KEY', 'ID', 'STATE', 'EXPIRES', 'LAST USED', 'HELD BY']];
  for (const key of status.keys) {
    const name = key.generation === 1 ? key.key : `${key.key}#${key.generation}`;
    if (key.remote.length === 0) rows.push([key.scope, key.serviceUser, name, '-', 'absent', '-', '-', '-']);
    for (const r of key.remote) {
      const held = key.stores.length === 0 ? 'no store' : r.heldBy.length === 0 ? 'none' : r.heldBy.join(', ');
      rows.push([
        key.scope,
        key.serviceUser,
        r.remoteName,
        r.keyId,
        r.state,
        day(r.expiresAt),
        day(r.lastUsedAt),
        held,
      ]);
    }
  }
  const lines = table(rows);
  lines[0] = c.bold(lines[0] ?? '');
  if (status.problems.length > 0) {
    lines.push('', c.red(`Problems (${status.problems.length}):`));
    for (const p of status.problems)
      lines.push(
        `  ${c.red('!')} ${p.code}: ${p.scope}/${p.serviceUser}${p.keyName ? `/${p.keyName}` : ''}: ${p.message}`,
      );
  }
  if (status.notices.length > 0) {
    lines.push('', 'Notices:');
    for (const n of status.notices)
      lines.push(
        `  ${c.cyan('!')} ${n.code}: ${n.scope}/${n.serviceUser}${n.keyName ? `/${n.keyName}` : ''}: ${n.message}`,
      );
  }
  const pending = status.pendingChanges + status.blocked;
  lines.push(
    '',
    status.settled
      ? 'In sync with the manifests.'
      : pending > 0
        ? `${status.pendingChanges} pending change(s)${status.blocked > 0 ? `, ${status.blocked} blocked` : ''}: run keyward plan for details.`
        : 'Nothing to apply, but something needs attention (see above).',
  );
  return `${lines.join('\n')}\n`;
}
