// MEASUREMENT AID for bench/terraform, not product code: a provider process that answers Terraform from recorded
// reply bytes, so a plan through it costs Terraform what any provider would and costs the provider almost nothing.
// Record mode computes every reply with keyward's real provider service (and stores it); replay mode only looks up.
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { systemClock } from '../../src/kernel/clock.js';
import { createDriver, driverNames } from '../../src/drivers/registry.js';
import { checkHandshakeEnv, handshakeLine } from '../../src/terraform/plugin/handshake.js';
import { loadProtocol } from '../../src/terraform/plugin/protocol.js';
import { createServerCertificate } from '../../src/terraform/plugin/tls.js';
import { createProviderService } from '../../src/terraform/rpc/provider-service.js';

const mode = process.env['KEYWARD_BENCH_REPLAY_MODE'];
const file = process.env['KEYWARD_BENCH_REPLAY_FILE'] ?? '';
const protoDir = process.env['KEYWARD_BENCH_REPLAY_PROTO'] ?? '';
if ((mode !== 'record' && mode !== 'replay') || !file || !protoDir || !checkHandshakeEnv(process.env).ok) {
  process.stderr.write('replay-provider: started by bench/terraform through Terraform only\n');
  process.exit(1);
}

const keyOf = (method: string, request: Buffer): string =>
  `${method}:${createHash('sha256').update(request).digest('base64')}`;

type RawHandler = (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => void;

/** Record mode: decode, answer with keyward's provider service, encode, and append the reply to the file. */
function recordingHandlers(definition: grpc.ServiceDefinition): Record<string, RawHandler> {
  const service = createProviderService({
    env: process.env,
    clock: systemClock,
    log: () => undefined,
    driverNames: driverNames(),
    createDriver: (settings) =>
      createDriver(
        settings.url === null ? { driver: settings.driver } : { driver: settings.driver, url: settings.url },
        process.env,
      ),
    openStore: () => Promise.reject(new Error('the bench configuration has no secret store')),
    baseDir: process.cwd(),
  });
  const handlers: Record<string, RawHandler> = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = service[name] as grpc.handleUnaryCall<unknown, unknown> | undefined;
    if (!handler) continue;
    handlers[name] = (call, callback) => {
      const request = method.requestDeserialize(call.request) as unknown;
      handler({ request } as grpc.ServerUnaryCall<unknown, unknown>, (err, reply) => {
        if (err) return callback(err);
        const bytes = Buffer.from(method.responseSerialize(reply));
        appendFileSync(file, `${keyOf(name, call.request)} ${bytes.toString('base64')}\n`);
        callback(null, bytes);
      });
    };
  }
  return handlers;
}

/** Replay mode: the recorded bytes for this exact request, or an error naming the method. */
function replayingHandlers(definition: grpc.ServiceDefinition): Record<string, RawHandler> {
  const replies = new Map<string, Buffer>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [key, value] = line.split(' ');
    if (key && value !== undefined) replies.set(key, Buffer.from(value, 'base64'));
  }
  const handlers: Record<string, RawHandler> = {};
  for (const name of Object.keys(definition)) {
    handlers[name] = (call, callback) => {
      const reply = replies.get(keyOf(name, call.request));
      if (reply) callback(null, reply);
      else callback({ code: grpc.status.INTERNAL, details: `replay-provider: no recorded reply for this ${name}` });
    };
  }
  return handlers;
}

/** The same methods and paths, carrying bytes as they are. */
function rawDefinition(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      { ...method, requestDeserialize: (bytes: Buffer) => bytes, responseSerialize: (bytes: Buffer) => bytes },
    ]),
  );
}

const protocol = loadProtocol(protoDir);
const certificate = await createServerCertificate(new Date());
const socketDir = await mkdtemp(join(tmpdir(), 'keyward-replay-'));
const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
server.addService(
  rawDefinition(protocol.provider),
  (mode === 'record' ? recordingHandlers : replayingHandlers)(protocol.provider),
);
server.addService(protocol.controller, {
  Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
    callback(null, {});
    setImmediate(() =>
      server.tryShutdown(() => {
        rmSync(socketDir, { recursive: true, force: true });
        process.exit(0);
      }),
    );
  },
});
server.addService(protocol.health, {
  Check: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, { status: 'SERVING' }),
});
const credentials = grpc.ServerCredentials.createSsl(
  Buffer.from(process.env['PLUGIN_CLIENT_CERT'] ?? ''),
  [{ private_key: Buffer.from(certificate.keyPem), cert_chain: Buffer.from(certificate.certPem) }],
  true,
);
const address = join(socketDir, 'plugin.sock');
await new Promise<void>((resolve, reject) =>
  server.bindAsync(`unix:${address}`, credentials, (err) => (err ? reject(err) : resolve())),
);
process.on('SIGINT', () => undefined);
process.stdout.write(`${handshakeLine('unix', address, certificate.certBase64)}\n`);
