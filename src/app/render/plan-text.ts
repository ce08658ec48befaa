// Renders a plan as text in Terraform's manner: a legend of the symbols used, actions grouped by their reason,
// old → new values, rotation drawn as create-before-retire (+/-), blocked actions, warnings, notices, a summary line.
// Input is the secret-free Plan; the output is safe for logs, PR comments and job summaries.
import {
  isSettled,
  summarize,
  WARNING_NOTICES,
  type AccessAction,
  type Action,
  type FieldChange,
  type Plan,
} from '../../core/plan/index.js';
import { plainColors, type Colors } from './colors.js';

type SymbolName = '+' | '~' | '+/-' | '-';

/** What each symbol means, in legend order. */
const LEGEND: ReadonlyArray<readonly [SymbolName, string]> = [
  ['+', 'create'],
  ['~', 'update in place'],
  ['+/-', 'create the replacement and deliver its secret first, then retire the old key'],
  ['-', 'destroy'],
];

export function symbolOf(action: Action): SymbolName | null {
  switch (action.kind) {
    case 'create-user':
    case 'create-key':
    case 'create-role':
    case 'create-group':
      return '+';
    case 'rotate-key':
    case 'repair-key':
      return '+/-';
    case 'update-user':
    case 'enable-key':
    case 'disable-key':
    case 'update-role':
    case 'update-group':
      return '~';
    case 'delete-key':
    case 'delete-user':
    case 'delete-secret':
    case 'delete-role':
    case 'delete-group':
      return '-';
    case 'no-op':
      return null;
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

function drawn(symbol: SymbolName | null, c: Colors): string {
  const padded = (symbol ?? '').padStart(3);
  if (symbol === '+') return c.green(padded);
  if (symbol === '-') return c.red(padded);
  return c.yellow(padded);
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
      const previous = action.supersedes.length
        ? `; supersedes ${action.supersedes.map((k) => `${k.remoteName} (${k.keyId})`).join(', ')}`
        : '';
      return `${verb} ${who}/${action.remoteName} (${keyTerms(action)}${previous})`;
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

type KeyCreation = Extract<Action, { kind: 'create-key' | 'rotate-key' | 'repair-key' }>;

function keyTerms(action: KeyCreation): string {
  const expiry = action.expiresAt === null ? 'never expires' : `expires ${action.expiresAt}`;
  const stores = action.secrets.length ? action.secrets.map((s) => `${s.store}/${s.name}`).join(', ') : 'no store';
  return `${expiry}; secret → ${stores}`;
}

/** The headline of an action in the plan list: rotations name old → new, the rest as describeAction. */
function headline(action: Action): string {
  if (action.kind !== 'rotate-key' && action.kind !== 'repair-key') return describeAction(action);
  const who = `${action.scope}/${action.serviceUser}`;
  const old = action.supersedes.map((k) => k.remoteName).join(', ');
  const verb = action.kind === 'rotate-key' ? 'rotate key' : 'repair key';
  return old === '' ? `${verb} ${who}/${action.remoteName}` : `${verb} ${who}/${old} → ${action.remoteName}`;
}

const quoted = (text: string | undefined): string => (text === undefined ? '(unknown)' : JSON.stringify(text));
const listed = (items: readonly string[] | undefined): string =>
  items === undefined ? '(unknown)' : `[${items.join(', ')}]`;

/** The indented lines under an action: old → new values and the steps of a rotation, in order. */
function details(action: Action, c: Colors): string[] {
  switch (action.kind) {
    case 'update-user':
      return [
        ...(action.description === undefined
          ? []
          : [`description: ${quoted(action.previous?.description)} → ${quoted(action.description)}`]),
        ...(action.groups === undefined
          ? []
          : [`groups: ${listed(action.previous?.groups)} → ${listed(action.groups)}`]),
      ];
    case 'enable-key':
      return ['state: disabled → enabled'];
    case 'disable-key':
      return ['state: enabled → disabled'];
    case 'rotate-key':
    case 'repair-key': {
      const now = new Set((action.retireAfterDelivery ?? []).map((k) => k.keyId));
      return [
        `${c.green('+')} create ${action.remoteName} (${keyTerms(action)}), then verify every store holds it`,
        ...action.supersedes.map(
          (k) =>
            `${c.red('-')} then retire ${k.remoteName} (${k.keyId}) ${now.has(k.keyId) ? 'right after delivery' : 'by a later plan, once overlap and last use allow'}`,
        ),
      ];
    }
    default:
      return [];
  }
}

const NOUN: Record<Action['kind'], readonly [string, string]> = {
  'create-user': ['service user', 'service users'],
  'update-user': ['service user', 'service users'],
  'delete-user': ['service user', 'service users'],
  'create-key': ['key', 'keys'],
  'rotate-key': ['key', 'keys'],
  'repair-key': ['key', 'keys'],
  'enable-key': ['key', 'keys'],
  'disable-key': ['key', 'keys'],
  'delete-key': ['key', 'keys'],
  'delete-secret': ['secret', 'secrets'],
  'create-role': ['role', 'roles'],
  'update-role': ['role', 'roles'],
  'delete-role': ['role', 'roles'],
  'create-group': ['group', 'groups'],
  'update-group': ['group', 'groups'],
  'delete-group': ['group', 'groups'],
  'no-op': ['resource', 'resources'],
};

/** "4 service users, 5 keys" for a group of actions. */
function counted(actions: readonly Action[]): string {
  const counts = new Map<string, { n: number; nouns: readonly [string, string] }>();
  for (const a of actions) {
    const nouns = NOUN[a.kind];
    const entry = counts.get(nouns[0]) ?? { n: 0, nouns };
    counts.set(nouns[0], { n: entry.n + 1, nouns });
  }
  return [...counts.values()].map(({ n, nouns }) => `${n} ${n === 1 ? nouns[0] : nouns[1]}`).join(', ');
}

/** Actions grouped by reason (first appearance first; plan order inside a group), so a reason is said once. */
function byReason(actions: readonly Action[]): Array<{ reason: string; actions: Action[] }> {
  const groups = new Map<string, Action[]>();
  for (const action of actions) {
    const list = groups.get(action.reason);
    if (list) list.push(action);
    else groups.set(action.reason, [action]);
  }
  return [...groups].map(([reason, list]) => ({ reason, actions: list }));
}

function legend(symbols: ReadonlySet<SymbolName>, c: Colors): string[] {
  const used = LEGEND.filter(([s]) => symbols.has(s));
  if (used.length === 0) return [];
  return [
    'Resource actions are indicated with the following symbols:',
    ...used.map(([s, meaning]) => `${drawn(s, c)} ${meaning}`),
    '',
  ];
}

function actionLines(plan: Plan, c: Colors): string[] {
  const lines: string[] = ['keyward will perform the following actions:', ''];
  for (const group of byReason(plan.actions)) {
    const many = group.actions.length > 1 ? `${counted(group.actions)}: ` : '';
    lines.push(c.dim(`  # ${many}${group.reason}`));
    for (const action of group.actions) {
      lines.push(
        `${drawn(symbolOf(action), c)} ${c.bold(headline(action))}${action.risk === 'high' ? c.red(' [high risk]') : ''}`,
      );
      for (const line of details(action, c)) lines.push(`      ${line}`);
      const why = 'destructiveReason' in action && action.kind !== 'enable-key' ? action.destructiveReason : undefined;
      if (why !== undefined) lines.push(`      ${c.dim(why)}`);
    }
    lines.push('');
  }
  lines.pop();
  return lines;
}

export function renderPlanText(plan: Plan, c: Colors = plainColors): string {
  const lines: string[] = [];
  const symbols = new Set(
    [...plan.actions, ...plan.blocked.map((b) => b.action)].map(symbolOf).filter((s) => s !== null),
  );
  if (isSettled(plan)) {
    lines.push(c.green('No changes.') + ' Service users and keys match the manifests.');
  } else if (plan.actions.length === 0) {
    lines.push(c.yellow('Nothing to apply now, but something needs attention (see below).'));
  } else {
    lines.push(...legend(symbols, c), ...actionLines(plan, c));
  }
  if (plan.blocked.length > 0) {
    lines.push(
      '',
      c.yellow(`Blocked (${plan.blocked.length}): destructive actions not allowed without --allow-destroy:`),
    );
    for (const blocked of plan.blocked)
      lines.push(`${drawn(symbolOf(blocked.action), c)} ${describeAction(blocked.action)}: ${blocked.reason}`);
  }
  const where = (n: Plan['notices'][number]): string =>
    `${n.scope}/${n.serviceUser}${n.keyName ? `/${n.keyName}` : ''}`;
  const warnings = plan.notices.filter((n) => WARNING_NOTICES.has(n.code));
  const notices = plan.notices.filter((n) => !WARNING_NOTICES.has(n.code));
  if (warnings.length > 0) {
    lines.push('', c.yellow(`Warnings (${warnings.length}):`));
    for (const w of warnings) lines.push(`  ${c.yellow('!')} ${w.code}: ${where(w)}: ${w.message}`);
  }
  if (notices.length > 0) {
    lines.push('', 'Notices:');
    for (const notice of notices) lines.push(`  ${c.cyan('!')} ${notice.code}: ${where(notice)}: ${notice.message}`);
  }
  lines.push('', c.bold(planSummaryLine(plan)));
  return `${lines.join('\n')}\n`;
}

/** `Plan: 2 to add, 1 to change, 0 to destroy, 1 to rotate.` (and repairs when there are some). */
export function planSummaryLine(plan: Plan): string {
  const s = summarize(plan);
  const repair = s.repair > 0 ? `, ${s.repair} to repair` : '';
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.rotate} to rotate${repair}.`;
}
