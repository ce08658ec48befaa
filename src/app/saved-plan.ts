// Saved plans (`keyward plan --out FILE`, `keyward apply FILE`): the reviewed plan, the manifests it came from and a
// secret-free summary of what it observed, so apply can refuse, saying what changed, when the world moved on.
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DesiredModel } from '../core/desired.js';
import type { ObservedModel } from '../core/model.js';
import type { Plan } from '../core/plan/index.js';
import { userError } from '../kernel/errors.js';

const SAVED_PLAN_FORMAT = 'keyward-plan/1';

/** What the plan saw, one line of facts per thing, keyed by a stable name; never a secret (key IDs and states). */
export type ObservedSummary = Readonly<Record<string, string>>;

export interface SavedPlan {
  readonly format: typeof SAVED_PLAN_FORMAT;
  /** The keyward version that wrote the plan; another version refuses it. */
  readonly version: string;
  /** The manifest paths as given to `keyward plan`, relative to `cwd`. */
  readonly paths: readonly string[];
  /** SHA-256 of the desired model the manifests made: a changed manifest makes the plan stale. */
  readonly desiredDigest: string;
  readonly observed: ObservedSummary;
  readonly plan: Plan;
}

/** `sha256:` and base64url: a digest never looks like a 64-hex key to a reader or a leak scanner. */
function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('base64url')}`;
}

export function desiredDigest(model: DesiredModel): string {
  return sha256(JSON.stringify(model));
}

/** Stable JSON of a store's description without its write time (a rewrite of the same key is no change). */
function describeText(stored: object): string {
  const entries = Object.entries(stored).filter(([field]) => field !== 'updatedAt');
  return JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * The facts a plan rests on. `lastUsedAt` counts only for keys the plan disables or deletes: retiring a key that was
 * used after the plan was made must be planned again, while use of other keys changes nothing the plan does.
 */
export function summarizeObserved(observed: ObservedModel, plan: Plan): ObservedSummary {
  const retiring = new Set<string>();
  for (const action of plan.actions) {
    if (action.kind === 'disable-key' || action.kind === 'delete-key') retiring.add(action.key.keyId);
  }
  const facts: Record<string, string> = {};
  for (const scope of observed.scopes) {
    const userNames = new Map(scope.remote.users.map((user) => [user.id, user.name]));
    for (const user of scope.remote.users) {
      facts[`service user ${user.name}`] =
        `id ${user.id}, groups [${[...user.groups].sort().join(', ')}], ` +
        `description ${JSON.stringify(user.description)}`;
    }
    for (const role of scope.remote.roles) {
      facts[`role ${role.name}`] = `id ${role.id}, permissions [${[...role.permissions].sort().join(', ')}]`;
    }
    for (const group of scope.remote.groups) {
      facts[`group ${group.name}`] =
        `id ${group.id}, roles [${[...group.roles].sort().join(', ')}], account alerts ${group.accountAlerts}, ` +
        `description ${JSON.stringify(group.description)}`;
    }
    for (const key of scope.remote.keys) {
      const used = retiring.has(key.id) ? `, last used ${key.lastUsedAt?.toISOString() ?? 'never'}` : '';
      facts[`key ${userNames.get(key.userId) ?? key.userId}/${key.name} (id ${key.id})`] =
        `${key.state}, expires ${key.expiresAt?.toISOString() ?? 'never'}${used}`;
    }
    for (const secret of scope.secrets) {
      facts[`secret ${scope.scope}/${secret.store}/${secret.name}`] = describeText(secret.stored);
    }
  }
  return facts;
}

/** What differs between two summaries, one line each, sorted; empty when nothing does. */
export function summaryChanges(saved: ObservedSummary, now: ObservedSummary): string[] {
  const lines: string[] = [];
  for (const [name, was] of Object.entries(saved)) {
    const is = now[name];
    if (is === undefined) lines.push(`${name}: gone (the plan saw ${was})`);
    else if (is !== was) lines.push(`${name}: now ${is} (the plan saw ${was})`);
  }
  for (const [name, is] of Object.entries(now)) if (saved[name] === undefined) lines.push(`${name}: new (${is})`);
  return lines.sort();
}

export function savedPlan(input: Omit<SavedPlan, 'format'>): SavedPlan {
  return { format: SAVED_PLAN_FORMAT, ...input };
}

/** True when `text` is a saved plan rather than a manifest (manifests never carry this `format`). */
export function looksLikeSavedPlan(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    const parsed = JSON.parse(text) as { format?: unknown };
    return parsed.format === SAVED_PLAN_FORMAT;
  } catch {
    return false;
  }
}

/** Reads a saved plan written by the same keyward version; a user error names the file otherwise. */
export function readSavedPlan(text: string, file: string, version: string): SavedPlan {
  let parsed: Partial<SavedPlan>;
  try {
    parsed = JSON.parse(text) as Partial<SavedPlan>;
  } catch {
    throw userError('plan.saved-invalid', `${file} is not a saved keyward plan (not JSON)`);
  }
  if (parsed.format !== SAVED_PLAN_FORMAT || parsed.plan === undefined || parsed.observed === undefined) {
    throw userError('plan.saved-invalid', `${file} is not a saved keyward plan (format ${SAVED_PLAN_FORMAT})`);
  }
  if (parsed.version !== version) {
    throw userError(
      'plan.saved-version',
      `${file} was written by keyward ${String(parsed.version)}, ` + `this is ${version}: run keyward plan again`,
    );
  }
  return parsed as SavedPlan;
}

/** Refuses a saved plan whose manifests or observed world changed since it was made, listing what changed. */
export function checkSavedPlan(saved: SavedPlan, digest: string, now: ObservedSummary, file: string): void {
  if (saved.desiredDigest !== digest) {
    throw userError('plan.stale', `${file} is stale: the manifests changed since it was made; run keyward plan again`);
  }
  const changes = summaryChanges(saved.observed, now);
  if (changes.length > 0) {
    const shown = changes
      .slice(0, 20)
      .map((line) => `  - ${line}`)
      .join('\n');
    const more = changes.length > 20 ? `\n  … and ${changes.length - 20} more` : '';
    throw userError(
      'plan.stale',
      `${file} is stale: the key API or a store changed since it was made:\n${shown}${more}\n` +
        'Nothing was applied; run keyward plan again.',
    );
  }
}

/** The saved plan named by a command's only path argument, or null when the arguments name manifests. */
export async function savedPlanArgument(
  paths: readonly string[],
  cwd: string,
  version: string,
): Promise<{ file: string; saved: SavedPlan } | null> {
  if (paths.length !== 1 || paths[0] === undefined) return null;
  const file = paths[0];
  let text: string;
  try {
    const path = resolve(cwd, file);
    if (!(await stat(path)).isFile()) return null;
    text = await readFile(path, 'utf8');
  } catch {
    return null; // not a readable file: the manifest loader names the problem
  }
  return looksLikeSavedPlan(text) ? { file, saved: readSavedPlan(text, file, version) } : null;
}

/** Writes a saved plan; it holds no secret (plan and summary are secret-free by contract). */
export async function writeSavedPlan(file: string, cwd: string, saved: SavedPlan): Promise<void> {
  await writeFile(resolve(cwd, file), `${JSON.stringify(saved, null, 2)}\n`);
}
