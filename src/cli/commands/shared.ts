// Pieces every reconciler command shares: the clock, warnings output and numeric option parsing.
import { InvalidArgumentError } from 'commander';
import { systemClock, type Clock } from '../../core/clock.js';
import { formatProblems, type ManifestProblem } from '../../core/manifest/index.js';
import type { CliIo } from '../io.js';

/** The clock commands use: the system clock, or KEYWARD_NOW (an RFC 3339 time) to plan "as of" another moment. */
export function clockFrom(env: CliIo['env']): Clock {
  const fixed = env.KEYWARD_NOW;
  if (fixed === undefined || fixed === '') return systemClock;
  const at = new Date(fixed);
  if (Number.isNaN(at.getTime())) throw new InvalidArgumentError(`KEYWARD_NOW is not a date-time: ${fixed}`);
  return { now: () => new Date(at) };
}

export function printWarnings(io: CliIo, warnings: readonly ManifestProblem[]): void {
  if (warnings.length > 0) io.stderr.write(`warning:\n${formatProblems(warnings)}\n`);
}

export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError(`${name} must be an integer from 1 to 64`);
    return n;
  };
}
