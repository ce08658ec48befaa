// Identity without a state file: a key's remote name is `<name>` for generation 1 and `<name>#<n>` after.
// Pure string rules shared by the planner, the Terraform provider and import; never guesses on ambiguity.

export const MAX_GENERATION = 1_000_000;

/** The remote name of generation `generation` of key `name`. */
export function remoteKeyName(name: string, generation: number): string {
  return generation === 1 ? name : `${name}#${generation}`;
}

export interface ParsedKeyName {
  readonly name: string;
  readonly generation: number;
}

/**
 * Splits a remote key name into manifest name and generation.
 * `deploy` → {deploy, 1}; `deploy#3` → {deploy, 3}. A `#` suffix that is not a positive integer
 * (`deploy#x`, `deploy#0`, `deploy#01`) is not a generation: the whole string is the name, generation 1.
 */
export function parseRemoteKeyName(remote: string): ParsedKeyName {
  const match = /^(.*)#([1-9][0-9]*)$/.exec(remote);
  if (match && match[1] !== undefined && match[2] !== undefined && match[1].length > 0) {
    const generation = Number(match[2]);
    if (generation >= 2 && generation <= MAX_GENERATION) return { name: match[1], generation };
  }
  return { name: remote, generation: 1 };
}
