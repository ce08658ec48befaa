// Contracts of the expiry-notice part of the key service: what a notice is, where it is stored, how it is delivered.
// Nothing here may ever carry a key's secret: key IDs, names, expiry and recipients only.

/** The only notice kind so far; the notifications table is generic so later kinds can share it. */
export const EXPIRY_NOTICE_KIND = 'api_key_expiry';

/** Delivery channels besides the in-app list (which is the stored row itself and needs no delivery). */
export type DeliveryChannel = 'email' | 'webhook';

export type KeyType = 'interactive' | 'service' | 'legacy';

/** One (key, recipient) pair that is due a notice now; produced by the store from keys, users and groups. */
export interface NoticeTarget {
  /** Bare 32-hex key ID. */
  readonly keyId: string;
  readonly keyName: string;
  readonly keyType: KeyType;
  readonly expiresAt: Date;
  /** The key's owner (bare uuid) — for service keys the service user, not the recipient. */
  readonly ownerId: string;
  readonly ownerName: string;
  /** Bare uuid of the user who gets the notice. */
  readonly recipientId: string;
  readonly recipientName: string;
  /** Null when the recipient has no e-mail address (then no e-mail delivery is queued). */
  readonly recipientEmail: string | null;
}

/** A notice row as created this run, joined with what delivery needs. */
export interface CreatedNotice extends NoticeTarget {
  readonly id: string;
  /** UTC calendar day the notice is for, `YYYY-MM-DD`. */
  readonly day: string;
  readonly createdAt: Date;
}

/** A delivery that is owed on one channel: claimed by one scheduler at a time through a lease. */
export interface PendingDelivery {
  readonly notice: CreatedNotice;
  readonly channel: DeliveryChannel;
  /** Attempts made before this one. */
  readonly attempts: number;
}

export type DeliveryOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Storage of notices and their per-channel delivery state. Implementations must make `createNotices`
 * idempotent per (key, recipient, day) across processes (unique constraint + ON CONFLICT DO NOTHING) and
 * return only the rows this call actually inserted.
 */
export interface NotificationStore {
  /** Enabled keys with `now < expires_at <= now + windowMs`, one entry per recipient. */
  dueTargets(now: Date, windowMs: number): Promise<NoticeTarget[]>;
  /** Inserts one notice per target for `day`; queues a pending delivery per channel for each inserted row. */
  createNotices(
    targets: readonly NoticeTarget[],
    day: string,
    now: Date,
    channels: readonly DeliveryChannel[],
  ): Promise<CreatedNotice[]>;
  /**
   * Claims up to `limit` undelivered deliveries on `channels` (never delivered, fewer than `maxAttempts` tries,
   * no live lease), leasing them until `leaseUntil` so other instances skip them.
   */
  claimDeliveries(
    channels: readonly DeliveryChannel[],
    now: Date,
    leaseUntil: Date,
    maxAttempts: number,
    limit: number,
  ): Promise<PendingDelivery[]>;
  /** Records the outcome of one attempt and releases the lease. */
  recordDelivery(noticeId: string, channel: DeliveryChannel, outcome: DeliveryOutcome, now: Date): Promise<void>;
}

/** Sends one notice on one channel; throws (or rejects) on failure with a secret-free message. */
export interface NoticeSender {
  readonly channel: DeliveryChannel;
  send(notice: CreatedNotice): Promise<void>;
  close?(): Promise<void>;
}
