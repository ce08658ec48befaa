// A local HTTP server on a free port that records every webhook POST; answers can be scripted per request.
// Lets tests check payloads, non-2xx handling and timeouts without any network beyond 127.0.0.1.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ReceivedHook {
  readonly method: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
  readonly raw: string;
}

type HookAnswer = number | 'hang';

export interface WebhookReceiver {
  readonly url: string;
  readonly hooks: ReceivedHook[];
  /** Answers for the next requests in order; when empty, 204. `hang` never answers (until close). */
  readonly answers: HookAnswer[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const hooks: ReceivedHook[] = [];
  const answers: HookAnswer[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      hooks.push({
        method: req.method ?? '',
        contentType: req.headers['content-type'],
        body: JSON.parse(raw) as unknown,
        raw,
      });
      const answer = answers.shift() ?? 204;
      if (answer === 'hang') return;
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/keyward?token=hook-token`,
    hooks,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
