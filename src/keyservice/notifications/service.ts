// Wires expiry notices into a running key service: settings → senders → store → scheduler, events → log lines.
// Never reads the environment (the CLI passes settings in) and never logs a URL that may carry credentials.

import type { Clock } from '../../kernel/clock.js';
import type { EventSink, KeywardEvent } from '../../kernel/events.js';
import type { Queryable } from '../storage/database.js';
import { type NotificationSettings, sendersFromSettings } from './config.js';
import { createNotificationScheduler, type NotificationScheduler } from './scheduler.js';
import { createSqlNotificationStore } from './sql-store.js';

export interface ExpiryNoticeOptions {
  readonly db: Queryable;
  readonly clock: Clock;
  readonly settings: NotificationSettings;
  /** Where info/warn/error events go as text lines (debug events are dropped). */
  readonly log?: (line: string) => void;
  /** Receives every event as well, for callers that want them typed. */
  readonly events?: EventSink;
  /** Start the hourly timer (default true); tests pass false and call runOnce themselves. */
  readonly autoStart?: boolean;
}

/** Builds the scheduler for a server and, unless told otherwise, starts it. Call stop() before closing storage. */
export function startExpiryNotices(options: ExpiryNoticeOptions): NotificationScheduler {
  const log = options.log ?? (() => undefined);
  const events: EventSink = (event: KeywardEvent) => {
    options.events?.(event);
    if (event.level !== 'debug') log(`notifications ${event.level}: ${event.message}`);
  };
  const scheduler = createNotificationScheduler({
    store: createSqlNotificationStore(options.db),
    clock: options.clock,
    senders: sendersFromSettings(options.settings),
    intervalMs: options.settings.intervalMs,
    events,
  });
  if (options.autoStart !== false) scheduler.start();
  return scheduler;
}
