// Works through the deliveries owed on the configured channels: claim a batch, send, record each outcome.
// A failed send stays owed and is retried on a later run; a delivered one is never sent again.

import type { EventSink } from '../../kernel/events.js';
import type { DeliveryChannel, NoticeSender, NotificationStore, PendingDelivery } from './types.js';

export interface DeliveryTotals {
  readonly delivered: number;
  readonly failed: number;
}

export interface DeliveryLimits {
  readonly maxAttempts: number;
  readonly leaseMs: number;
  /** Deliveries claimed per round (default 50). */
  readonly batchSize?: number;
}

export async function deliverOwed(
  store: NotificationStore,
  senders: readonly NoticeSender[],
  now: Date,
  limits: DeliveryLimits,
  events: EventSink,
): Promise<DeliveryTotals> {
  const byChannel = new Map<DeliveryChannel, NoticeSender>(senders.map((s) => [s.channel, s]));
  if (byChannel.size === 0) return { delivered: 0, failed: 0 };
  const channels = [...byChannel.keys()];
  let delivered = 0;
  let failed = 0;
  // The store never hands out a delivery already attempted at `now`, so this loop ends once each owed one had a try.
  for (;;) {
    const leaseUntil = new Date(now.getTime() + limits.leaseMs);
    const batch = await store.claimDeliveries(channels, now, leaseUntil, limits.maxAttempts, limits.batchSize ?? 50);
    if (batch.length === 0) break;
    const outcomes = await Promise.all(batch.map((d) => attempt(d, byChannel, store, now, limits.maxAttempts, events)));
    for (const ok of outcomes) {
      if (ok) delivered += 1;
      else failed += 1;
    }
  }
  return { delivered, failed };
}

async function attempt(
  delivery: PendingDelivery,
  byChannel: ReadonlyMap<DeliveryChannel, NoticeSender>,
  store: NotificationStore,
  now: Date,
  maxAttempts: number,
  events: EventSink,
): Promise<boolean> {
  const { notice, channel } = delivery;
  const sender = byChannel.get(channel);
  const data = {
    notice_id: notice.id,
    key_id: notice.keyId,
    recipient_id: notice.recipientId,
    channel,
    attempt: delivery.attempts + 1,
  };
  try {
    if (sender === undefined) throw new Error(`channel ${channel} is not configured`);
    await sender.send(notice);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await store.recordDelivery(notice.id, channel, { ok: false, error }, now);
    const last = delivery.attempts + 1 >= maxAttempts;
    events({
      code: last ? 'notifications.delivery.gave_up' : 'notifications.delivery.failed',
      level: last ? 'error' : 'warn',
      message: `${channel} notice for key ${notice.keyName} (${notice.keyId}) failed${last ? ' for the last time' : ', will retry next run'}: ${error}`,
      data: { ...data, error },
    });
    return false;
  }
  await store.recordDelivery(notice.id, channel, { ok: true }, now);
  events({
    code: 'notifications.delivery.sent',
    level: 'debug',
    message: `${channel} notice for key ${notice.keyName} (${notice.keyId}) delivered`,
    data,
  });
  return true;
}
