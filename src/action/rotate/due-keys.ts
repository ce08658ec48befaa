// Which declared keys are due for rotation (the planner's rotation-due notices) and the facts a rotation PR shows.
// Pure: reads the plan, the desired model and the observed listing; never calls anything.
import type { DesiredKey, DesiredModel } from '../../core/desired.js';
import { formatDuration } from '../../core/manifest/index.js';
import type { ObservedModel } from '../../core/observe/index.js';
import type { Plan } from '../../core/plan/index.js';

export interface DueKey {
  /** Manifest file, relative to the working directory. */
  readonly file: string;
  readonly scope: string;
  readonly serviceUser: string;
  readonly key: string;
  readonly generation: number;
  readonly nextGeneration: number;
  readonly keyId: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  /** Where the new secret goes, as `store/NAME`. */
  readonly stores: readonly string[];
  readonly overlap: string;
}

/** `scope/user/key@g<next>`: how PR markers name one key's rotation to a generation. */
export function rotationLabel(key: Pick<DueKey, 'scope' | 'serviceUser' | 'key' | 'nextGeneration'>): string {
  return `${key.scope}/${key.serviceUser}/${key.key}@g${key.nextGeneration}`;
}

function findDesired(
  model: DesiredModel,
  scope: string,
  user: string,
  key: string,
): { file: string; desired: DesiredKey } | undefined {
  const s = model.scopes.find((x) => x.name === scope);
  const desired = s?.serviceUsers.find((u) => u.name === user)?.keys.find((k) => k.name === key);
  return s && desired ? { file: s.file, desired } : undefined;
}

export function dueKeys(plan: Plan, model: DesiredModel, observed: ObservedModel): DueKey[] {
  const out: DueKey[] = [];
  for (const notice of plan.notices) {
    if (notice.code !== 'rotation-due' || notice.keyName === null) continue;
    const found = findDesired(model, notice.scope, notice.serviceUser, notice.keyName);
    const next = notice.data['nextGeneration'];
    if (!found || typeof next !== 'number') continue;
    const keyId = String(notice.data['keyId'] ?? '');
    const remote = observed.scopes.find((s) => s.scope === notice.scope)?.remote.keys.find((k) => k.id === keyId);
    out.push({
      file: found.file,
      scope: notice.scope,
      serviceUser: notice.serviceUser,
      key: notice.keyName,
      generation: found.desired.generation,
      nextGeneration: next,
      keyId,
      expiresAt: typeof notice.data['expiresAt'] === 'string' ? notice.data['expiresAt'] : null,
      lastUsedAt: remote?.lastUsedAt ? remote.lastUsedAt.toISOString() : null,
      stores: found.desired.secrets.map((s) => `${s.store}/${s.name}`),
      overlap: formatDuration(found.desired.rotation.overlapMs),
    });
  }
  return out;
}

/** Due keys by manifest file, files and keys in a stable order. */
export function groupByFile(keys: readonly DueKey[]): Map<string, DueKey[]> {
  const groups = new Map<string, DueKey[]>();
  for (const key of [...keys].sort(
    (a, b) => a.file.localeCompare(b.file) || rotationLabel(a).localeCompare(rotationLabel(b)),
  )) {
    const list = groups.get(key.file) ?? [];
    list.push(key);
    groups.set(key.file, list);
  }
  return groups;
}
