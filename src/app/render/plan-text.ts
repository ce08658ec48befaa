// Renders a plan as text in Terraform's manner: a symbol per action, reasons, blocked actions, notices, a summary line.
// Input is the secret-free Plan; the output is safe for logs, PR comments and job summaries.
import {
  isSettled,
  summarize,
  type AccessAction,
  type Action,
  type FieldChange,
  type Plan,
} from '../../core/plan/index.js';
import { plainColors, type Colors } from './colors.js';

function symbol(action: Action, c: Colors): string {
  switch (action.kind) {
    case 'create-user':
    case 'create-key':
    case 'create-role':
    case 'create-group':
      return c.green('  +');
    case 'rotate-key':
    case 'repair-key':
      return c.yellow('-/+');
    case 'update-user':
    case 'enable-key':
    case 'disable-key':
    case 'update-role':
    case 'update-group':
      return c.yellow('  ~');
    case 'delete-key':
    case 'delete-user':
    case 'delete-secret':
    case 'delete-role':
    case 'delete-group':
      return c.red('  -');
    case 'no-op':
      return '   ';
  }
}

/** One line naming what a role or group action does: its fields on create, old → new values on update. */
function describeAccess(action: AccessAction): string {
  const changes = (list: readonly FieldChange[]): string =>
    list.map((ch) => `${ch.field} ${ch.from} → ${ch.to}`).join('; ');
  switch (action.kind) {
    case 'create-role':
      return `create role ${action.role} (${action.scope}; permissions: ${action.permissions.join(', ') || '(none)'})`;
    case 'update-role':
      return `update role ${action.role} (${action.scope}): ${changes(action.changes)}`;
    case 'delete-role':
      return `delete role ${action.role} (id ${action.roleId})`;
    case 'create-group': {
      const alerts = action.accountAlerts ? '; account alerts' : '';
      return `create group ${action.group} (${action.scope}; roles: ${action.roles.join(', ') || '(none)'}${alerts})`;
    }
    case 'update-group':
      return `update group ${action.group} (${action.scope}): ${changes(action.changes)}`;
    case 'delete-group':
      return `delete group ${action.group} (id ${action.groupId})`;
  }
}

/** One line naming what the action does, without its reason. */
export function describeAction(action: Action): string {
  if (!('serviceUser' in action)) return describeAccess(action);
  const who = `${action.scope}/${action.serviceUser}`;
  switch (action.kind) {
    case 'create-user':
      return `create service user ${who}${action.groups.length ? ` (groups: ${action.groups.join(', ')})` : ''}`;
    case 'update-user': {
      const parts = [
        action.description !== undefined ? 'description' : null,
        action.groups !== undefined ? `groups → ${action.groups.join(', ') || '(none)'}` : null,
      ];
      return `update service user ${who}: ${parts.filter(Boolean).join('; ')}`;
    }
    case 'delete-user':
      return `delete service user ${who} (id ${action.userId})`;
    case 'create-key':
    case 'rotate-key':
    case 'repair-key': {
      const verb =
        action.kind === 'create-key' ? 'create key' : action.kind === 'rotate-key' ? 'rotate key' : 'repair key';
      const expiry = action.expiresAt === null ? 'never expires' : `expires ${action.expiresAt}`;
      const stores = action.secrets.length ? action.secrets.map((s) => `${s.store}/${s.name}`).join(', ') : 'no store';
      const previous = action.supersedes.length
        ? `; supersedes ${action.supersedes.map((k) => `${k.remoteName} (${k.keyId})`).join(', ')}`
        : '';
      return `${verb} ${who}/${action.remoteName} (${expiry}; secret → ${stores}${previous})`;
    }
    case 'enable-key':
    case 'disable-key':
      return `${action.kind === 'enable-key' ? 'enable' : 'disable'} key ${who}/${action.key.remoteName} (${action.key.keyId})`;
    case 'delete-key':
      return `delete key ${who}/${action.key.remoteName} (${action.key.keyId})${action.disableFirst ? ', disabling it first' : ''}${action.secrets?.length ? `, then its secret in ${action.secrets.map((r) => `${r.store}/${r.name}`).join(', ')}` : ''}`;
    case 'delete-secret':
      return `delete secret ${action.secret.store}/${action.secret.name} of ${who}/${action.keyName} (holds ${action.holds.join(' or ')})`;
    case 'no-op':
      return `${who}: ${action.subject}`;
  }
}

export function renderPlanText(plan: Plan, c: Colors = plainColors): string {
  const lines: string[] = [];
  if (isSettled(plan)) {
    lines.push(c.green('No changes.') + ' Service users and keys match the manifests.');
  } else if (plan.actions.length === 0) {
    lines.push(c.yellow('Nothing to apply now, but something needs attention (see below).'));
  } else {
    lines.push('keyward will perform the following actions:', '');
    for (const action of plan.actions) {
      lines.push(`${symbol(action, c)} ${c.bold(describeAction(action))}`);
      lines.push(`      ${c.dim(`because ${action.reason}`)}${action.risk === 'high' ? c.red(' [high risk]') : ''}`);
      const why = 'destructiveReason' in action && action.kind !== 'enable-key' ? action.destructiveReason : undefined;
      if (why !== undefined) lines.push(`      ${c.dim(why)}`);
    }
  }
  if (plan.blocked.length > 0) {
    lines.push(
      '',
      c.yellow(`Blocked (${plan.blocked.length}): destructive actions not allowed without --allow-destroy:`),
    );
    for (const blocked of plan.blocked)
      lines.push(`  ${c.red('-')} ${describeAction(blocked.action)}: ${blocked.reason}`);
  }
  if (plan.notices.length > 0) {
    lines.push('', 'Notices:');
    for (const notice of plan.notices)
      lines.push(
        `  ${c.cyan('!')} ${notice.code}: ${notice.scope}/${notice.serviceUser}${notice.keyName ? `/${notice.keyName}` : ''}: ${notice.message}`,
      );
  }
  const s = summarize(plan);
  const repair = s.repair > 0 ? `, ${s.repair} to repair` : '';
  lines.push(
    '',
    c.bold(`Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.rotate} to rotate${repair}.`),
  );
  return `${lines.join('\n')}\n`;
}
