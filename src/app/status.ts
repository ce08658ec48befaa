// The status report (`keyward status`, `status --json`): every declared key with its remote keys, what each store
// holds, and the problems that make status exit 2 (expired, undelivered, orphaned, due). Secret-free: key IDs only.
import type { DesiredModel } from '../core/desired.js';
import type { ObservedModel } from '../core/model.js';
import { effectiveState, isSettled, matchScope, type Plan } from '../core/plan/index.js';
import { mayHold, type StoredSecret } from '../core/ports/secret-store.js';

type StatusProblemCode = 'expired' | 'undelivered' | 'orphaned' | 'due';

interface StatusProblem {
  readonly code: StatusProblemCode;
  readonly scope: string;
  readonly serviceUser: string;
  readonly keyName: string | null;
  readonly message: string;
}

interface StatusRemoteKey {
  readonly remoteName: string;
  readonly keyId: string;
  readonly generation: number;
  readonly attempt: number;
  readonly state: 'enabled' | 'disabled' | 'expired';
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
  readonly createdAt: string;
  /** `store/name` of every store that holds (or, uncertain, may hold) this key. */
  readonly heldBy: readonly string[];
}

interface StatusStore {
  readonly store: string;
  readonly name: string;
  readonly state: StoredSecret['state'];
  readonly keyId: string | null;
  readonly candidates: readonly string[];
}

interface StatusKey {
  readonly scope: string;
  readonly serviceUser: string;
  readonly key: string;
  readonly generation: number;
  readonly declaredState: 'enabled' | 'disabled' | 'deleted';
  /**
   * confirmed: every store holds one enabled key of the declared generation; unconfirmed otherwise; no-store;
   * not-wanted (disabled/deleted).
   */
  readonly delivery: 'confirmed' | 'unconfirmed' | 'no-store' | 'not-wanted';
  readonly remote: readonly StatusRemoteKey[];
  readonly stores: readonly StatusStore[];
}

/** `formatVersion: 1`; see docs/status-json.md. */
export interface StatusJson {
  readonly formatVersion: 1;
  readonly at: string;
  readonly keys: readonly StatusKey[];
  readonly problems: readonly StatusProblem[];
  /** Executable actions a plan (without --allow-destroy) would run now, and destructive ones it would block. */
  readonly pendingChanges: number;
  readonly blocked: number;
  readonly notices: Plan['notices'];
  /** True when nothing is to do and nothing needs attention (the same as plan --detailed-exitcode exiting 0). */
  readonly settled: boolean;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function buildStatus(model: DesiredModel, observed: ObservedModel, plan: Plan, now: Date): StatusJson {
  const keys: StatusKey[] = [];
  const problems: StatusProblem[] = [];
  // The plan has checked every group reference per key API; a group another manifest declares is not a problem here.
  const declaredGroups = new Set(model.scopes.flatMap((s) => (s.groups ?? []).map((g) => g.name)));
  for (const scope of model.scopes) {
    const seen = observed.scopes.find((o) => o.scope === scope.name);
    if (!seen) continue;
    for (const user of matchScope(scope, seen, undefined, { declaredGroups }).users) {
      for (const key of user.keys) {
        const d = key.desired;
        const where = { scope: scope.name, serviceUser: user.desired.name, keyName: d.name };
        const remote = key.generations.map((g): StatusRemoteKey => ({
          remoteName: g.key.name,
          keyId: g.key.id,
          generation: g.generation,
          attempt: g.attempt,
          state: effectiveState(g.key, now),
          expiresAt: iso(g.key.expiresAt),
          lastUsedAt: iso(g.key.lastUsedAt),
          createdAt: g.key.createdAt.toISOString(),
          heldBy: key.secrets.filter((s) => mayHold(s.stored, g.key.id)).map((s) => `${s.ref.store}/${s.ref.name}`),
        }));
        const current = remote.filter((r) => r.generation === d.generation);
        const confirmed = current.some(
          (r) =>
            r.state === 'enabled' && key.secrets.every((s) => s.stored.state === 'holds' && s.stored.keyId === r.keyId),
        );
        const delivery =
          d.state !== 'enabled'
            ? 'not-wanted'
            : key.secrets.length === 0
              ? 'no-store'
              : confirmed
                ? 'confirmed'
                : 'unconfirmed';
        if (delivery === 'unconfirmed')
          problems.push({
            code: 'undelivered',
            ...where,
            message: `generation ${d.generation} is not confirmed in every store`,
          });
        if (d.state === 'enabled' && current.length > 0 && current.every((r) => r.state === 'expired')) {
          problems.push({ code: 'expired', ...where, message: `every key of generation ${d.generation} has expired` });
        }
        keys.push({
          scope: scope.name,
          serviceUser: user.desired.name,
          key: d.name,
          generation: d.generation,
          declaredState: d.state,
          delivery,
          remote,
          stores: key.secrets.map((s) => ({
            store: s.ref.store,
            name: s.ref.name,
            state: s.stored.state,
            keyId: s.stored.state === 'holds' ? s.stored.keyId : null,
            candidates: s.stored.state === 'uncertain' ? s.stored.candidates : [],
          })),
        });
      }
    }
  }
  for (const n of plan.notices) {
    const where = { scope: n.scope, serviceUser: n.serviceUser, keyName: n.keyName };
    if (n.code === 'rotation-due') problems.push({ code: 'due', ...where, message: n.message });
    if (n.code === 'orphan') problems.push({ code: 'orphaned', ...where, message: n.message });
  }
  for (const a of plan.actions) {
    if (a.kind === 'delete-key' && a.reason.startsWith('orphan')) {
      problems.push({
        code: 'orphaned',
        scope: a.scope,
        serviceUser: a.serviceUser,
        keyName: a.key.keyName,
        message: `${a.key.remoteName} (id ${a.key.keyId}): ${a.reason}`,
      });
    }
  }
  const pending = plan.actions.filter((a) => a.kind !== 'no-op');
  return {
    formatVersion: 1,
    at: now.toISOString(),
    keys,
    problems,
    pendingChanges: pending.length,
    blocked: plan.blocked.length,
    notices: JSON.parse(JSON.stringify(plan.notices)) as Plan['notices'],
    settled: isSettled(plan),
  };
}

/** status exits 2 while a key is expired, undelivered, orphaned or due (see docs). */
export function statusNeedsAttention(status: StatusJson): boolean {
  return status.problems.length > 0;
}
