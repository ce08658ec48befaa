// Serves the provider over gRPC on a unix socket the way go-plugin expects (optionally mutual TLS) and
// prints the handshake line. Writes nothing to stdout but that one line; stops on GRPCController/Shutdown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Clock } from '../../kernel/clock.js';
import { handshakeLine, type Env } from './handshake.js';
import { loadProtocol } from './protocol.js';
import { createServerCertificate } from './tls.js';

export interface PluginServerOptions {
  readonly env: Env;
  /** Directory holding tfplugin6.proto, go-plugin.proto and health.proto. */
  readonly protoDir: string;
  readonly provider: grpc.UntypedServiceImplementation;
  readonly clock: Clock;
  /** Receives the one handshake line (the caller writes it to stdout). */
  readonly announce: (line: string) => void;
  readonly log: (line: string) => void;
}

export interface RunningPlugin {
  readonly socketPath: string;
  /** Resolves once Terraform asked for Shutdown (or shutdown() was called) and the server stopped. */
  readonly stopped: Promise<void>;
  shutdown(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export async function servePlugin(options: PluginServerOptions): Promise<RunningPlugin> {
  const services = loadProtocol(options.protoDir);
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const socketDir = await mkdtemp(join(options.env['PLUGIN_UNIX_SOCKET_DIR'] || tmpdir(), 'keyward-plugin-'));
  const socketPath = join(socketDir, 'plugin.sock');

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      server.tryShutdown(() => resolve());
    })
      .then(() => rm(socketDir, { recursive: true, force: true }))
      .then(() => resolveStopped());
    return stopping;
  };

  server.addService(services.provider, options.provider);
  server.addService(services.controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      options.log('shutdown requested by terraform');
      callback(null, {});
      setImmediate(() => void shutdown());
    },
  });
  server.addService(services.health, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, { status: 'SERVING' }),
  });

  const clientCert = options.env['PLUGIN_CLIENT_CERT'];
  let credentials = grpc.ServerCredentials.createInsecure();
  let certBase64: string | null = null;
  if (clientCert && clientCert.trim() !== '') {
    const cert = await createServerCertificate(options.clock.now());
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    );
    certBase64 = cert.certBase64;
  }

  await new Promise<void>((resolve, reject) => {
    server.bindAsync(`unix:${socketPath}`, credentials, (err) => (err ? reject(err) : resolve()));
  });
  options.log(`serving on ${socketPath}${certBase64 ? ' with mutual TLS' : ''}`);
  options.announce(handshakeLine(socketPath, certBase64));
  return { socketPath, stopped, shutdown };
}
