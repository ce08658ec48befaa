// Identity without a state file: a key's remote name is `<name>` for generation 1 and `<name>#<n>` after; a repair
// attempt of generation n is `<name>#<n>.r<k>` (k ≥ 1). Pure string rules shared by the planner, the Terraform provider
// and import; never guesses on ambiguity.

export const MAX_GENERATION = 1_000_000;
/** The highest repair attempt number a name may carry (a key service holds at most a handful of keys per user). */
const MAX_ATTEMPT = 1_000;

/**
 * The remote name of generation `generation` of key `name`, attempt `attempt` (0 = the first delivery, the plain name;
 * k ≥ 1 = the k-th repair, delivered to every store of the key when an earlier attempt did not reach them all).
 */
export function remoteKeyName(name: string, generation: number, attempt = 0): string {
  if (attempt > 0) return `${name}#${generation}.r${attempt}`;
  return generation === 1 ? name : `${name}#${generation}`;
}

export interface ParsedKeyName {
  readonly name: string;
  readonly generation: number;
  /** 0 for the first delivery of the generation, k for its k-th repair attempt. */
  readonly attempt: number;
}

/**
 * Splits a remote key name into manifest name, generation and attempt.
 * `deploy` → {deploy, 1, 0}; `deploy#3` → {deploy, 3, 0}; `deploy#1.r2` → {deploy, 1, 2}; `deploy#3.r1` → {deploy, 3,
 * 1}.
 * A suffix that is not one of these (`deploy#x`, `deploy#0`, `deploy#01`, `deploy#1`, `deploy#2.r0`) is not a
 * generation:
 * the whole string is the name, generation 1, attempt 0.
 */
export function parseRemoteKeyName(remote: string): ParsedKeyName {
  const repair = /^(.*)#([1-9][0-9]*)\.r([1-9][0-9]*)$/.exec(remote);
  if (repair && repair[1] !== undefined && repair[1].length > 0) {
    const generation = Number(repair[2]);
    const attempt = Number(repair[3]);
    if (generation <= MAX_GENERATION && attempt <= MAX_ATTEMPT) return { name: repair[1], generation, attempt };
  }
  const match = /^(.*)#([1-9][0-9]*)$/.exec(remote);
  if (match && match[1] !== undefined && match[2] !== undefined && match[1].length > 0) {
    const generation = Number(match[2]);
    if (generation >= 2 && generation <= MAX_GENERATION) return { name: match[1], generation, attempt: 0 };
  }
  return { name: remote, generation: 1, attempt: 0 };
}
