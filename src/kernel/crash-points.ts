// Test-only crash points for entry points (the CLI, the Terraform provider): wraps event sinks so that a named event
// kills the process with SIGKILL the moment it is emitted, and can log secret-free event names. Never used by the core.
import { appendFileSync } from 'node:fs';
import { userError } from './errors.js';
import { stepOf, type EventSink, type KeywardEvent } from './events.js';

/** `<event code or data.step>[#n]`: kill at the n-th (default first) event carrying that code or step. */
export const CRASH_AT_VARIABLE = 'KEYWARD_TEST_CRASH_AT';
/** A file that receives one JSON line `{"code","step"}` per event (names only, never data), for dry runs. */
export const EVENT_LOG_VARIABLE = 'KEYWARD_TEST_EVENT_LOG';

export interface CrashPoint {
  readonly name: string;
  readonly occurrence: number;
}

export interface CrashPoints {
  /** The sink wrapped: events pass through, then the crash point is checked. Wrapped sinks share one count. */
  wrap(sink: EventSink): EventSink;
}

/** True when `event` carries `name` as its code or its step. */
function eventMatches(event: KeywardEvent, name: string): boolean {
  return event.code === name || stepOf(event) === name;
}

export function parseCrashPoint(text: string): CrashPoint {
  const match = /^([A-Za-z0-9._:/-]+)(?:#([1-9][0-9]{0,3}))?$/.exec(text.trim());
  if (!match?.[1]) {
    const shown = JSON.stringify(text.slice(0, 80));
    throw userError('test.crash-point', `${CRASH_AT_VARIABLE} must look like <event code or step>[#n], got ${shown}`);
  }
  return { name: match[1], occurrence: match[2] === undefined ? 1 : Number(match[2]) };
}

/**
 * Reads the two test variables from `env` (the entry point's environment). With neither set, wrap() returns the sink
 * itself. `kill` defaults to SIGKILL of this process: no handler, no flush, like a power cut.
 */
export function crashPoints(
  env: Readonly<Record<string, string | undefined>>,
  kill: () => void = () => process.kill(process.pid, 'SIGKILL'),
): CrashPoints {
  const spec = env[CRASH_AT_VARIABLE];
  const point = spec ? parseCrashPoint(spec) : null;
  const log = env[EVENT_LOG_VARIABLE] || null;
  if (point === null && log === null) return { wrap: (sink) => sink };
  let seen = 0;
  const check = (event: KeywardEvent): void => {
    if (log !== null) appendFileSync(log, `${JSON.stringify({ code: event.code, step: stepOf(event) })}\n`);
    if (point !== null && eventMatches(event, point.name)) {
      seen += 1;
      if (seen === point.occurrence) kill();
    }
  };
  return {
    wrap: (sink) => (event) => {
      sink(event);
      check(event);
    },
  };
}
