// Reads the notification settings from the environment once, at server start, and builds the configured senders.
// Never logs or returns the SMTP URL or webhook URL in full (either may carry credentials).

import { userError } from '../../kernel/errors.js';
import { createEmailSender } from './email-sender.js';
import { DEFAULT_INTERVAL_MS } from './scheduler.js';
import type { NoticeSender } from './types.js';
import { createWebhookSender } from './webhook-sender.js';

export interface NotificationSettings {
  /** KEYWARD_SMTP_URL: `smtp://[user:pass@]host[:port]` or `smtps://...`; unset = no e-mail. */
  readonly smtpUrl: string | null;
  /** KEYWARD_SMTP_FROM, default `keyward@localhost`. */
  readonly smtpFrom: string;
  /** KEYWARD_WEBHOOK_URL; unset = no webhook. */
  readonly webhookUrl: string | null;
  /** KEYWARD_WEBHOOK_TIMEOUT_MS, default 10000. */
  readonly webhookTimeoutMs: number;
  /** KEYWARD_NOTIFY_INTERVAL_MS, default 3600000 (hourly), at least 1000. */
  readonly intervalMs: number;
}

export function notificationSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): NotificationSettings {
  const text = (name: string): string | null => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const smtpUrl = text('KEYWARD_SMTP_URL');
  if (smtpUrl !== null) checkUrl('KEYWARD_SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  const webhookUrl = text('KEYWARD_WEBHOOK_URL');
  if (webhookUrl !== null) checkUrl('KEYWARD_WEBHOOK_URL', webhookUrl, ['http:', 'https:']);
  const smtpFrom = text('KEYWARD_SMTP_FROM') ?? 'keyward@localhost';
  if (/[\r\n]/.test(smtpFrom) || !smtpFrom.includes('@')) {
    throw userError(
      'keyservice.config-invalid',
      'KEYWARD_SMTP_FROM must be one e-mail address such as keyward@example.com',
    );
  }
  return {
    smtpUrl,
    smtpFrom,
    webhookUrl,
    webhookTimeoutMs: milliseconds('KEYWARD_WEBHOOK_TIMEOUT_MS', text('KEYWARD_WEBHOOK_TIMEOUT_MS'), 10_000, 1),
    intervalMs: milliseconds(
      'KEYWARD_NOTIFY_INTERVAL_MS',
      text('KEYWARD_NOTIFY_INTERVAL_MS'),
      DEFAULT_INTERVAL_MS,
      1000,
    ),
  };
}

/** The senders the settings ask for: e-mail when an SMTP URL is set, webhook when a webhook URL is set. */
export function sendersFromSettings(settings: NotificationSettings): NoticeSender[] {
  const senders: NoticeSender[] = [];
  if (settings.smtpUrl !== null) senders.push(createEmailSender({ url: settings.smtpUrl, from: settings.smtpFrom }));
  if (settings.webhookUrl !== null)
    senders.push(createWebhookSender({ url: settings.webhookUrl, timeoutMs: settings.webhookTimeoutMs }));
  return senders;
}

function checkUrl(name: string, value: string, protocols: readonly string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw userError('keyservice.config-invalid', `${name} is not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw userError(
      'keyservice.config-invalid',
      `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, not ${url.protocol}//`,
    );
  }
}

function milliseconds(name: string, value: string | null, fallback: number, min: number): number {
  if (value === null) return fallback;
  if (!/^\d{1,10}$/.test(value) || Number(value) < min)
    throw userError(
      'keyservice.config-invalid',
      `${name} must be a whole number of milliseconds >= ${min}, got "${value}"`,
    );
  return Number(value);
}
