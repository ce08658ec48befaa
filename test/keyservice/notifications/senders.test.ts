// The e-mail and webhook senders against a real SMTP server and a local HTTP receiver.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmailSender } from '../../../src/keyservice/notifications/email-sender.js';
import { createWebhookSender } from '../../../src/keyservice/notifications/webhook-sender.js';
import type { CreatedNotice } from '../../../src/keyservice/notifications/types.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const notice: CreatedNotice = {
  id: '0b7f1c9e-6a43-4e0e-9a1a-0d6cb2f6b7a1',
  day: '2026-03-02',
  createdAt: new Date('2026-03-02T09:00:00Z'),
  keyId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  keyName: 'deploy#1',
  keyType: 'service',
  expiresAt: new Date('2026-03-05T12:00:00Z'),
  ownerId: '7d1e5a4c-1111-4222-8333-944455556666',
  ownerName: 'payments-deployer',
  recipientId: '2c9a8b7d-aaaa-4bbb-8ccc-ddddeeeeffff',
  recipientName: 'Alice',
  recipientEmail: 'alice@example.com',
};

describe('e-mail sender', () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.close();
  });

  it('sends one mail to the recipient with the key name, ID and days left', async () => {
    const sender = createEmailSender({ url: sink.url, from: 'alerts@keyward.test' });
    await sender.send(notice);
    await sender.close?.();
    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail?.from).toBe('alerts@keyward.test');
    expect(mail?.to).toEqual(['alice@example.com']);
    expect(mail?.subject).toBe('[keyward] Your service API key "deploy#1" expires in 4 days');
    expect(mail?.text).toContain('Hello Alice,');
    expect(mail?.text).toContain(`Key ID: ${notice.keyId}`);
    expect(mail?.text).toContain('Service user: payments-deployer');
    expect(mail?.text).toContain('2026-03-05T12:00:00.000Z');
    expect(mail?.text).toContain('subscribed to account alerts');
    expect(mail?.headers.get('x-keyward-notice')).toBe(notice.id);
  });

  it('rejects with a message naming the server when the server refuses, without the password', async () => {
    sink.refuse = true;
    const withPassword = sink.url.replace('smtp://', 'smtp://mailer:pa55word-xyz@');
    const sender = createEmailSender({ url: withPassword, from: 'keyward@localhost' });
    const err = await sender.send(notice).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    await sender.close?.();
    expect(err?.message).toMatch(/^sending e-mail via 127\.0\.0\.1:\d+: .*mailbox busy/);
    expect(err?.message).not.toContain('pa55word-xyz');
    expect(sink.mails).toHaveLength(0);
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => createEmailSender({ url: 'http://127.0.0.1:25', from: 'keyward@localhost' })).toThrow(
      /KEYWARD_SMTP_URL must start with smtp:\/\/ or smtps:\/\//,
    );
  });

  it('fails when the recipient has no e-mail address', async () => {
    const sender = createEmailSender({ url: sink.url, from: 'keyward@localhost' });
    await expect(sender.send({ ...notice, recipientEmail: null })).rejects.toThrow(/Alice has no e-mail address/);
    await sender.close?.();
  });
});

describe('webhook sender', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('POSTs a JSON payload with key ID, name and recipient, and nothing secret', async () => {
    await createWebhookSender({ url: receiver.url }).send(notice);
    expect(receiver.hooks).toHaveLength(1);
    const [hook] = receiver.hooks;
    expect(hook?.method).toBe('POST');
    expect(hook?.contentType).toBe('application/json');
    expect(hook?.body).toEqual({
      type: 'api_key.expiry_notice',
      notification_id: notice.id,
      day: '2026-03-02',
      days_left: 4,
      message: 'Your service API key "deploy#1" expires in 4 days',
      key: {
        id: `identity/apikeys/${notice.keyId}`,
        name: 'deploy#1',
        type: 'service',
        expires_at: '2026-03-05T12:00:00.000Z',
        user_id: `identity/users/${notice.ownerId}`,
        user_name: 'payments-deployer',
      },
      recipient: { id: `identity/users/${notice.recipientId}`, name: 'Alice', email: 'alice@example.com' },
    });
  });

  it('treats a non-2xx answer as a failure naming the status, without the URL query', async () => {
    receiver.answers.push(500);
    const err = await createWebhookSender({ url: receiver.url })
      .send(notice)
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(err?.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/hooks\/keyward: HTTP 500$/);
    expect(err?.message).not.toContain('hook-token');
  });

  it('gives up on a receiver that never answers after the timeout', async () => {
    receiver.answers.push('hang');
    await expect(createWebhookSender({ url: receiver.url, timeoutMs: 200 }).send(notice)).rejects.toThrow(
      /no answer within 200 ms/,
    );
  });

  it('reports an unreachable receiver', async () => {
    const url = receiver.url;
    await receiver.close();
    await expect(createWebhookSender({ url }).send(notice)).rejects.toThrow(
      /^POST http:\/\/127\.0\.0\.1:\d+\/hooks\/keyward: fetch failed/,
    );
    receiver = await startWebhookReceiver();
  });
});
