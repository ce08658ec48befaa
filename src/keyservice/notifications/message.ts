// Renders an expiry notice as text for people (in-app message, e-mail) and as a JSON payload for webhooks.
// Only key IDs, names, types and dates go in; the key's secret is never known here and never rendered.

import { daysLeft } from './window.js';
import type { CreatedNotice } from './types.js';

const KEY_PREFIX = 'identity/apikeys/';
const USER_PREFIX = 'identity/users/';

/** What a one-line summary needs; also available for listed notices whose recipient is the caller. */
export type NoticeFacts = Pick<CreatedNotice, 'keyName' | 'keyType' | 'expiresAt' | 'createdAt'>;

/** `in 3 days`, `in 1 day`, `today`. */
function remaining(notice: NoticeFacts): string {
  const days = daysLeft(notice.expiresAt, notice.createdAt);
  if (days <= 0) return 'today';
  return days === 1 ? 'in 1 day' : `in ${days} days`;
}

function kindLabel(notice: NoticeFacts): string {
  return notice.keyType === 'service'
    ? 'service API key'
    : notice.keyType === 'legacy'
      ? 'legacy API key'
      : 'user API key';
}

/** One-line summary used as the in-app message and the e-mail subject. */
export function noticeSummary(notice: NoticeFacts): string {
  return `Your ${kindLabel(notice)} "${notice.keyName}" expires ${remaining(notice)}`;
}

export function emailSubject(notice: CreatedNotice): string {
  return `[keyward] ${noticeSummary(notice)}`;
}

export function emailText(notice: CreatedNotice): string {
  const owner = notice.keyType === 'service' ? `Service user: ${notice.ownerName}\n` : '';
  const why =
    notice.keyType === 'service'
      ? 'You receive this because you belong to a group subscribed to account alerts.'
      : 'You receive this because you own this key.';
  return [
    `Hello ${notice.recipientName},`,
    '',
    `The ${kindLabel(notice)} "${notice.keyName}" expires ${remaining(notice)}, at ${notice.expiresAt.toISOString()}.`,
    '',
    `Key ID: ${notice.keyId}`,
    `${owner}Create a new key to replace it before then to avoid interrupting what uses it.`,
    'Once a key expires its state changes to expired and it can no longer be enabled or disabled.',
    '',
    why,
    'keyward sends one notice a day from 14 days before expiry.',
    '',
  ].join('\n');
}

/** The JSON body POSTed to KEYWARD_WEBHOOK_URL. */
export interface WebhookPayload {
  readonly type: 'api_key.expiry_notice';
  readonly notification_id: string;
  readonly day: string;
  readonly days_left: number;
  readonly message: string;
  readonly key: {
    readonly id: string;
    readonly name: string;
    readonly type: string;
    readonly expires_at: string;
    readonly user_id: string;
    readonly user_name: string;
  };
  readonly recipient: { readonly id: string; readonly name: string; readonly email: string | null };
}

export function webhookPayload(notice: CreatedNotice): WebhookPayload {
  return {
    type: 'api_key.expiry_notice',
    notification_id: notice.id,
    day: notice.day,
    days_left: daysLeft(notice.expiresAt, notice.createdAt),
    message: noticeSummary(notice),
    key: {
      id: `${KEY_PREFIX}${notice.keyId}`,
      name: notice.keyName,
      type: notice.keyType,
      expires_at: notice.expiresAt.toISOString(),
      user_id: `${USER_PREFIX}${notice.ownerId}`,
      user_name: notice.ownerName,
    },
    recipient: { id: `${USER_PREFIX}${notice.recipientId}`, name: notice.recipientName, email: notice.recipientEmail },
  };
}
