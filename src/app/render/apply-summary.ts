// Renders what an apply did, one line per resource (Terraform's closing habit): created keys with their key IDs
// (the first 32 characters of a key, no secret), the stores that hold them, what was retired, failed or skipped.
import type { ApplyResult } from '../../core/apply/index.js';
import type { Action, Plan } from '../../core/plan/index.js';
import { plainColors, type Colors } from './colors.js';
import { symbolOf } from './plan-text.js';

function address(action: Action): string {
  if (!('serviceUser' in action))
    return 'role' in action ? `${action.scope}/role ${action.role}` : `${action.scope}/group ${action.group}`;
  const who = `${action.scope}/${action.serviceUser}`;
  switch (action.kind) {
    case 'create-key':
    case 'rotate-key':
    case 'repair-key':
      return `${who}/${action.remoteName}`;
    case 'enable-key':
    case 'disable-key':
    case 'delete-key':
      return `${who}/${action.key.remoteName}`;
    case 'delete-secret':
      return `${who}/${action.keyName}`;
    default:
      return who;
  }
}

/** What a done action did, in the past tense; `keyId` is the key the apply created or touched. */
function done(action: Action, keyId: string | undefined): string {
  switch (action.kind) {
    case 'create-user':
      return 'created service user';
    case 'update-user':
      return `updated service user (${[action.description !== undefined ? 'description' : '', action.groups !== undefined ? `groups ${action.groups.join(', ') || '(none)'}` : ''].filter(Boolean).join('; ')})`;
    case 'delete-user':
      return `deleted service user ${action.userId}`;
    case 'create-key':
    case 'rotate-key':
    case 'repair-key': {
      const stores = action.secrets.map((s) => `${s.store}/${s.name}`).join(', ') || 'no store';
      const now = new Set((action.retireAfterDelivery ?? []).map((k) => k.keyId));
      const retired = action.supersedes.map(
        (k) =>
          `${k.remoteName} (${k.keyId}) ${now.has(k.keyId) ? 'retired right after delivery' : 'retired by a later plan'}`,
      );
      return [`created key ${keyId ?? '(unknown id)'} → ${stores}`, ...retired].join('; ');
    }
    case 'enable-key':
      return `enabled key ${action.key.keyId}`;
    case 'disable-key':
      return `disabled key ${action.key.keyId}`;
    case 'delete-key':
      return `deleted key ${action.key.keyId}`;
    case 'delete-secret':
      return `deleted secret ${action.secret.store}/${action.secret.name}`;
    case 'create-role':
    case 'create-group':
      return 'created';
    case 'update-role':
    case 'update-group':
      return `updated (${action.changes.map((ch) => ch.field).join(', ')})`;
    case 'delete-role':
      return `deleted role ${action.roleId}`;
    case 'delete-group':
      return `deleted group ${action.groupId}`;
    case 'no-op':
      return 'unchanged';
  }
}

/** One line per resource the plan touched, aligned; never a secret (results and plans hold none). */
export function renderApplySummary(plan: Plan, result: ApplyResult, c: Colors = plainColors): string {
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const rows = result.results.flatMap((r) => {
    const action = byId.get(r.actionId);
    if (action === undefined) return [];
    const what =
      r.status === 'done'
        ? done(action, r.keyId)
        : r.status === 'failed'
          ? c.red(`failed: ${r.error?.message ?? 'unknown error'}`)
          : c.yellow('skipped');
    return [{ symbol: (symbolOf(action) ?? '').padStart(3), where: address(action), what }];
  });
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.where.length));
  return `${rows.map((r) => `${r.symbol} ${r.where.padEnd(width)}  ${r.what}`).join('\n')}\n`;
}
