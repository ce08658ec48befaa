// Pieces every reconciler command shares: the clock, warnings output and numeric option parsing.
import { InvalidArgumentError } from 'commander';
import { systemClock, type Clock } from '../../kernel/clock.js';
import { userError } from '../../kernel/errors.js';
import { parseInstant } from '../../kernel/time/instant.js';
import { problemLines, type ManifestProblem } from '../../core/manifest/index.js';
import type { CliIo } from '../io.js';
import { writeLines } from '../paced-write.js';
import { openWorkspace, type KeyApis, type WorkspaceOptions } from '../../app/workspace.js';

/** The clock commands use: the system clock, or KEYWARD_NOW (an RFC 3339 time) to plan "as of" another moment. */
export function clockFrom(env: CliIo['env']): Clock {
  const fixed = env.KEYWARD_NOW;
  if (fixed === undefined || fixed === '') return systemClock;
  const at = parseInstant(fixed.trim());
  if (at === null) {
    throw userError(
      'cli.bad-env',
      `KEYWARD_NOW must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z, got ${JSON.stringify(fixed.slice(0, 60))}; unset it to use the current time`,
    );
  }
  return { now: () => new Date(at) };
}

/**
 * Opens the workspace and prints its warnings; what it returns no longer holds them, so a plan over 100,000 keys does
 * not keep 100,000 warnings (about 7 MB) while it lists and plans (bench/plan).
 */
export async function openWorkspaceWarned(
  io: CliIo,
  paths: readonly string[],
  options: WorkspaceOptions,
): Promise<KeyApis> {
  const { warnings, ...workspace } = await openWorkspace(paths, options);
  await printWarnings(io, warnings);
  return workspace;
}

/** `warning:` and a line per warning on stderr, written in pieces (a large plan can warn about 100,000 keys). */
export async function printWarnings(io: CliIo, warnings: readonly ManifestProblem[]): Promise<void> {
  if (warnings.length > 0) await writeLines(io.stderr, withHeading(warnings));
}

function* withHeading(warnings: readonly ManifestProblem[]): Generator<string, void, undefined> {
  yield 'warning:';
  yield* problemLines(warnings);
}

export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 1 && n <= 64)) throw new InvalidArgumentError(`${name} must be a whole number from 1 to 64`);
    return n;
  };
}
