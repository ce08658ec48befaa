// Typed events the silent core emits to an injected sink; renderers (CLI, Action, provider, tests) decide what to show.
// An event's data must never hold a secret value: key IDs, names and store refs only.

export type EventLevel = 'debug' | 'info' | 'warn' | 'error';

export interface KeywardEvent {
  /** Stable machine-readable code, e.g. `apply.action.started`, `store.write.retry`. */
  readonly code: string;
  readonly level: EventLevel;
  /** Human summary, secret-free. */
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export type EventSink = (event: KeywardEvent) => void;

/** A sink that drops everything, for callers that do not care. */
export const nullSink: EventSink = () => undefined;

/** A sink that keeps events in an array, for tests and for renderers that summarise afterwards. */
export function collectingSink(): { sink: EventSink; events: KeywardEvent[] } {
  const events: KeywardEvent[] = [];
  return { sink: (event) => events.push(event), events };
}
