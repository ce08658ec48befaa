// Delivers expiry notices as a JSON POST to a webhook URL, with a timeout; any non-2xx answer is a failure.
// Never sends a key secret (the payload holds IDs and names only) and never echoes the URL's query (it may hold a
// token).

import { KeywardError, userError } from '../../kernel/errors.js';
import { webhookPayload } from './message.js';
import type { CreatedNotice, NoticeSender } from './types.js';

export interface WebhookSenderOptions {
  readonly url: string;
  /** Per-request timeout in milliseconds (default 10 s). */
  readonly timeoutMs?: number;
  /** Injected for tests and proxies; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

export function createWebhookSender(options: WebhookSenderOptions): NoticeSender {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw userError(
      'keyservice.config-invalid',
      `KEYWARD_WEBHOOK_URL must be an http:// or https:// URL, not ${url.protocol}//`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const where = `${url.origin}${url.pathname}`;
  return {
    channel: 'webhook',
    async send(notice: CreatedNotice): Promise<void> {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'keyward-notifications' },
          body: JSON.stringify(webhookPayload(notice)),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const reason =
          err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(err);
        throw new KeywardError('keyservice.notification-delivery-failed', `POST ${where}: ${reason}`, { cause: err });
      }
      // Drain the body so the connection can be reused; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`POST ${where}: HTTP ${response.status}`);
    },
  };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}
