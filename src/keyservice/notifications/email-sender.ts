// Delivers expiry notices by e-mail over SMTP (nodemailer), one message per notice to its recipient.
// Never puts the SMTP URL (it may hold a password) or any key secret into a message, event or error.

import nodemailer from 'nodemailer';
import { KeywardError, userError } from '../../kernel/errors.js';
import { emailSubject, emailText } from './message.js';
import type { CreatedNotice, NoticeSender } from './types.js';

export interface EmailSenderOptions {
  /** `smtp://user:pass@host:port` or `smtps://...`; credentials never leave this module. */
  readonly url: string;
  readonly from: string;
  /** Connection/greeting/socket timeout in milliseconds (default 10 s). */
  readonly timeoutMs?: number;
}

export function createEmailSender(options: EmailSenderOptions): NoticeSender {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw userError(
      'keyservice.config-invalid',
      `KEYWARD_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`,
    );
  }
  const timeout = options.timeoutMs ?? 10_000;
  // A pool keeps one SMTP connection open across the many mails of a run instead of a handshake per mail.
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 2,
    host: url.hostname,
    port: url.port === '' ? (url.protocol === 'smtps:' ? 465 : 587) : Number(url.port),
    secure: url.protocol === 'smtps:',
    auth:
      url.username === ''
        ? undefined
        : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    tls: url.searchParams.get('tls_reject_unauthorized') === 'false' ? { rejectUnauthorized: false } : undefined,
  });
  const where = `${url.hostname}:${url.port}`;
  return {
    channel: 'email',
    async send(notice: CreatedNotice): Promise<void> {
      if (notice.recipientEmail === null) throw new Error(`recipient ${notice.recipientName} has no e-mail address`);
      try {
        await transport.sendMail({
          from: options.from,
          to: notice.recipientEmail,
          subject: emailSubject(notice),
          text: emailText(notice),
          headers: { 'X-Keyward-Notice': notice.id, 'X-Keyward-Key-Id': notice.keyId },
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new KeywardError(
          'keyservice.notification-delivery-failed',
          `sending e-mail via ${where}: ${redact(message, url)}`,
          {
            cause: err,
          },
        );
      }
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}

/** Removes the SMTP password from text in case a transport error echoes the URL or credentials. */
function redact(text: string, url: URL): string {
  const password = decodeURIComponent(url.password);
  return password === '' ? text : text.split(password).join('***');
}
