// The expiry-notice scheduler: every interval it creates the day's notices for keys expiring within 14 days,
// then delivers owed e-mails/webhooks. Idempotent: it never creates a second notice per key, recipient and day.
// It must never read the wall clock itself (time comes from the injected Clock) nor handle a key's secret.

import type { Clock } from '../../kernel/clock.js';
import { type EventSink, nullSink } from '../../kernel/events.js';
import { userError, wrapError } from '../../kernel/errors.js';
import { deliverOwed, type DeliveryTotals } from './deliver.js';
import type { NoticeSender, NotificationStore } from './types.js';
import { NOTICE_WINDOW_MS, noticeDay } from './window.js';

export interface NotificationSchedulerOptions {
  readonly store: NotificationStore;
  readonly clock: Clock;
  /** Configured channels; an empty list means in-app only. */
  readonly senders?: readonly NoticeSender[];
  readonly events?: EventSink;
  /** Time between runs in milliseconds (default one hour). */
  readonly intervalMs?: number;
  /** Attempts per notice and channel before giving up (default 24, a day of hourly runs). */
  readonly maxAttempts?: number;
  /** How long a claimed delivery stays reserved for this instance (default 5 minutes). */
  readonly leaseMs?: number;
}

interface RunSummary extends DeliveryTotals {
  readonly day: string;
  /** (key, recipient) pairs due a notice at this run. */
  readonly due: number;
  /** Notices this run inserted (the rest already existed for the day). */
  readonly created: number;
}

export interface NotificationScheduler {
  /** One pass at `now` (default: the clock's time). Tests call this directly with a FakeClock's time. */
  runOnce(now?: Date): Promise<RunSummary>;
  /** Runs now and then every interval until stop(); a failed run is reported as an event and retried next time. */
  start(): void;
  /** Stops the timer, waits for a run in progress and closes the senders. */
  stop(): Promise<void>;
}

export const DEFAULT_INTERVAL_MS = 3_600_000;

export function createNotificationScheduler(options: NotificationSchedulerOptions): NotificationScheduler {
  const senders = options.senders ?? [];
  const events = options.events ?? nullSink;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  if (!Number.isFinite(intervalMs) || intervalMs < 1000)
    throw userError('keyservice.config-invalid', `notification interval must be at least 1000 ms, got ${intervalMs}`);
  const delivery = { maxAttempts: options.maxAttempts ?? 24, leaseMs: options.leaseMs ?? 300_000 };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<RunSummary> | undefined;
  let ticking: Promise<void> | undefined;

  async function pass(now: Date): Promise<RunSummary> {
    const day = noticeDay(now);
    const targets = await options.store.dueTargets(now, NOTICE_WINDOW_MS);
    const created = await options.store.createNotices(
      targets,
      day,
      now,
      senders.map((s) => s.channel),
    );
    for (const notice of created) {
      events({
        code: 'notifications.notice.created',
        level: 'debug',
        message: `expiry notice for key ${notice.keyName} (${notice.keyId}) to ${notice.recipientName}`,
        data: { notice_id: notice.id, key_id: notice.keyId, recipient_id: notice.recipientId, day },
      });
    }
    const totals = await deliverOwed(options.store, senders, now, delivery, events);
    const summary: RunSummary = { day, due: targets.length, created: created.length, ...totals };
    events({
      code: 'notifications.run',
      // A quiet hour is not worth a log line; a run that created or sent something is.
      level: summary.created + summary.delivered + summary.failed > 0 ? 'info' : 'debug',
      message: `expiry notices for ${day}: ${summary.created} created, ${summary.delivered} delivered, ${summary.failed} failed`,
      data: { ...summary },
    });
    return summary;
  }

  function runOnce(now: Date = options.clock.now()): Promise<RunSummary> {
    const run = (running ?? Promise.resolve()).catch(() => undefined).then(() => pass(now));
    running = run;
    return run.finally(() => {
      if (running === run) running = undefined;
    });
  }

  function tick(): void {
    if (running !== undefined || ticking !== undefined) return;
    ticking = runOnce().then(
      () => undefined,
      (err: unknown) => {
        const wrapped = wrapError('running expiry notices', err);
        events({ code: 'notifications.run.failed', level: 'error', message: wrapped.message, data: {} });
      },
    );
    void ticking.finally(() => {
      ticking = undefined;
    });
  }

  return {
    runOnce,
    start(): void {
      if (timer !== undefined) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
      tick();
    },
    async stop(): Promise<void> {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await ticking;
      await running?.catch(() => undefined);
      for (const sender of senders) await sender.close?.();
    },
  };
}
