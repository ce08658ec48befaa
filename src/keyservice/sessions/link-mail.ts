// E-mails a set-password link over the configured SMTP server (the one expiry notices use).
// Never puts the SMTP URL or its password into an error, and never logs the link.
import { KeywardError } from '../../kernel/errors.js';
import { smtpTransport } from '../notifications/smtp-transport.js';

export interface LinkMail {
  readonly to: string;
  readonly userName: string;
  readonly url: string;
  readonly expiresAt: Date;
}

export async function sendPasswordLink(
  smtp: { readonly url: string; readonly from: string },
  mail: LinkMail,
): Promise<void> {
  const url = new URL(smtp.url);
  const transport = smtpTransport(url, { timeoutMs: 10_000, pool: false });
  try {
    await transport.send({
      from: smtp.from,
      to: mail.to,
      subject: 'Set your keyward password',
      text: [
        `Hello ${mail.userName},`,
        '',
        'An administrator created a keyward portal account for you (or asked for a new password).',
        'Open this link to set your password; it works once, until ' + `${mail.expiresAt.toISOString()}:`,
        '',
        mail.url,
        '',
        'If you did not expect this, ignore this message.',
      ].join('\n'),
    });
  } catch (err) {
    const password = decodeURIComponent(url.password);
    const message = err instanceof Error ? err.message : String(err);
    const shown = password === '' ? message : message.split(password).join('***');
    throw new KeywardError(
      'keyservice.password-link-mail-failed',
      `sending the set-password link via ${url.hostname}:${url.port}: ${shown}`,
      { cause: err },
    );
  } finally {
    transport.close();
  }
}
