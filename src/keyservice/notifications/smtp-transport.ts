// One SMTP transport (nodemailer) from a KEYWARD_SMTP_URL, for expiry notices and set-password links alike.
// nodemailer is loaded with the first mail, so a server that sends none never carries it; the password stays here.
import type Mail from 'nodemailer/lib/mailer/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

interface SmtpTransport {
  send(mail: Mail.Options): Promise<void>;
  close(): void;
}

/**
 * A transport to `smtp://user:pass@host:port` (or `smtps://`), created on the first send. `pool` keeps connections
 * open across the many mails of a run instead of a handshake per mail.
 */
export function smtpTransport(
  url: URL,
  settings: { readonly timeoutMs: number; readonly pool: boolean },
): SmtpTransport {
  const timeout = settings.timeoutMs;
  const options = {
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
  };
  type Sender = { sendMail(mail: Mail.Options): Promise<unknown>; close(): void };
  let opened: Promise<Sender> | undefined;
  const open = (): Promise<Sender> =>
    (opened ??= import('nodemailer').then(({ default: nodemailer }) =>
      settings.pool
        ? nodemailer.createTransport({ ...options, pool: true, maxConnections: 2 } satisfies SMTPPool.Options)
        : nodemailer.createTransport(options satisfies SMTPTransport.Options),
    ));
  return {
    async send(mail) {
      await (await open()).sendMail(mail);
    },
    close() {
      void opened?.then((transport) => transport.close());
    },
  };
}
