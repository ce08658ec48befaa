// Delivers expiry notices by e-mail over SMTP (smtp-transport.ts), one message per notice to its recipient.
// Never puts the SMTP URL (it may hold a password) or any key secret into a message, event or error.
import { KeywardError, userError } from '../../kernel/errors.js';
import { emailSubject, emailText } from './message.js';
import { smtpTransport } from './smtp-transport.js';
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
  const transport = smtpTransport(url, { timeoutMs: options.timeoutMs ?? 10_000, pool: true });
  const where = `${url.hostname}:${url.port}`;
  return {
    channel: 'email',
    async send(notice: CreatedNotice): Promise<void> {
      if (notice.recipientEmail === null) throw new Error(`recipient ${notice.recipientName} has no e-mail address`);
      try {
        await transport.send({
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
