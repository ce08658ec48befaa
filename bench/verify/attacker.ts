// The verify bench's attacker, a process of its own: keep-alive connections from 127.0.0.2 (another source than the
// legitimate client on 127.0.0.1) sending random 64-hex keys as `Authorization: Token` until told to stop.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface AttackCount {
  readonly sent: number;
  readonly status: Readonly<Record<string, number>>;
  readonly seconds: number;
}

/** Runs when the bench forks this file: `url connections`; answers 'stop' with its AttackCount. */
async function attack(url: string, connections: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, localAddress: '127.0.0.2' });
  const status: Record<string, number> = {};
  let sent = 0;
  let stopping = false;
  const started = performance.now();
  const body = JSON.stringify({ key: randomBytes(32).toString('hex') });
  const once = () =>
    new Promise<void>((resolve) => {
      const headers = {
        authorization: `Token ${randomBytes(32).toString('hex')}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      const req = request(`${url}/v2/api_keys/verify`, { method: 'POST', agent, headers }, (res) => {
        const code = String(res.statusCode);
        status[code] = (status[code] ?? 0) + 1;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', (err) => {
        status[err.message] = (status[err.message] ?? 0) + 1;
        resolve();
      });
      sent++;
      req.end(body);
    });
  const loop = async () => {
    while (!stopping) await once();
  };
  process.once('message', () => {
    stopping = true;
  });
  process.send?.('ready');
  await Promise.all(Array.from({ length: connections }, loop));
  const count: AttackCount = { sent, status, seconds: (performance.now() - started) / 1000 };
  process.send?.(count, () => process.exit(0));
}

if (process.argv[2] === 'attack') await attack(process.argv[3] ?? '', Number(process.argv[4] ?? '20'));
