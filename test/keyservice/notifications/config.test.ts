// Notification settings from the environment: defaults, which channels they switch on, and clear errors.
import { describe, expect, it } from 'vitest';
import { notificationSettingsFromEnv, sendersFromSettings } from '../../../src/keyservice/notifications/config.js';

describe('notification settings', () => {
  it('defaults to in-app only, hourly, from keyward@localhost', () => {
    const settings = notificationSettingsFromEnv({});
    expect(settings).toEqual({
      smtpUrl: null,
      smtpFrom: 'keyward@localhost',
      webhookUrl: null,
      webhookTimeoutMs: 10_000,
      intervalMs: 3_600_000,
    });
    expect(sendersFromSettings(settings)).toEqual([]);
  });

  it('switches on e-mail and webhook when their URLs are set', async () => {
    const settings = notificationSettingsFromEnv({
      KEYWARD_SMTP_URL: 'smtp://mailer:secret@127.0.0.1:2525',
      KEYWARD_SMTP_FROM: 'alerts@example.com',
      KEYWARD_WEBHOOK_URL: 'https://hooks.example.com/keyward',
      KEYWARD_WEBHOOK_TIMEOUT_MS: '2500',
      KEYWARD_NOTIFY_INTERVAL_MS: '60000',
    });
    expect(settings).toMatchObject({ smtpFrom: 'alerts@example.com', webhookTimeoutMs: 2500, intervalMs: 60_000 });
    const senders = sendersFromSettings(settings);
    expect(senders.map((s) => s.channel)).toEqual(['email', 'webhook']);
    for (const sender of senders) await sender.close?.();
  });

  it('treats empty values as unset', () => {
    expect(notificationSettingsFromEnv({ KEYWARD_SMTP_URL: ' ', KEYWARD_WEBHOOK_URL: '' })).toMatchObject({
      smtpUrl: null,
      webhookUrl: null,
    });
  });

  it.each([
    [{ KEYWARD_SMTP_URL: 'mail.example.com' }, /^KEYWARD_SMTP_URL is not a valid URL$/],
    [
      { KEYWARD_SMTP_URL: 'https://mail.example.com' },
      /^KEYWARD_SMTP_URL must start with smtp:\/\/ or smtps:\/\/, not https:\/\/$/,
    ],
    [{ KEYWARD_WEBHOOK_URL: 'ftp://x' }, /^KEYWARD_WEBHOOK_URL must start with http:\/\/ or https:\/\//],
    [{ KEYWARD_SMTP_FROM: 'nobody' }, /^KEYWARD_SMTP_FROM must be one e-mail address/],
    [{ KEYWARD_SMTP_FROM: 'a@b.c\r\nBcc: x@y.z' }, /^KEYWARD_SMTP_FROM must be one e-mail address/],
    [
      { KEYWARD_NOTIFY_INTERVAL_MS: '500' },
      /^KEYWARD_NOTIFY_INTERVAL_MS must be a whole number of milliseconds >= 1000, got "500"$/,
    ],
    [{ KEYWARD_WEBHOOK_TIMEOUT_MS: '1.5' }, /^KEYWARD_WEBHOOK_TIMEOUT_MS must be a whole number/],
  ])('refuses %o with a message naming the setting', (env, message) => {
    expect(() => notificationSettingsFromEnv(env)).toThrow(message);
  });

  it('never echoes an SMTP password in an error', () => {
    expect(() => notificationSettingsFromEnv({ KEYWARD_SMTP_URL: 'http://user:hunter2@host' })).toThrow(
      /^(?!.*hunter2)/,
    );
  });
});
