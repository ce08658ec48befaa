// Serves the provider over gRPC the way go-plugin expects — a unix socket, or a localhost TCP port on Windows —
// optionally with mutual TLS, and prints the handshake line. Writes nothing to stdout but that one line; stops on
// GRPCController/Shutdown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Clock } from '../../kernel/clock.js';
import { handshakeLine, pluginNetwork, pluginPortRange, type Env, type PluginNetwork } from './handshake.js';
import { loadProtocol } from './protocol.js';
import { createServerCertificate } from './tls.js';

export interface PluginServerOptions {
  readonly env: Env;
  /** Directory holding protocol.json (the compiled tfplugin6.proto, go-plugin.proto and health.proto). */
  readonly protoDir: string;
  readonly provider: grpc.UntypedServiceImplementation;
  readonly clock: Clock;
  /** Receives the one handshake line (the caller writes it to stdout). */
  readonly announce: (line: string) => void;
  readonly log: (line: string) => void;
}

export interface RunningPlugin {
  readonly network: PluginNetwork;
  /** The socket path (unix) or `127.0.0.1:<port>` (tcp). */
  readonly address: string;
  /** Resolves once Terraform asked for Shutdown (or shutdown() was called) and the server stopped. */
  readonly stopped: Promise<void>;
  shutdown(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

function bind(server: grpc.Server, target: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(target, credentials, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/** Binds a localhost TCP port: the first free one in go-plugin's range, or any free one when no range is given. */
async function bindTcp(server: grpc.Server, env: Env, credentials: grpc.ServerCredentials): Promise<string> {
  const range = pluginPortRange(env);
  if (range === null) return `127.0.0.1:${await bind(server, '127.0.0.1:0', credentials)}`;
  for (let port = range.min; port <= range.max; port++) {
    const bound = await bind(server, `127.0.0.1:${port}`, credentials).then(
      () => true,
      () => false,
    );
    if (bound) return `127.0.0.1:${port}`;
  }
  throw new Error(
    `no free TCP port on 127.0.0.1 between PLUGIN_MIN_PORT=${range.min} and PLUGIN_MAX_PORT=${range.max}`,
  );
}

export async function servePlugin(options: PluginServerOptions): Promise<RunningPlugin> {
  const clientCert = options.env['PLUGIN_CLIENT_CERT'];
  const mutualTls = clientCert !== undefined && clientCert.trim() !== '';
  // Started first: the key pair is generated off the main thread while the .proto files load.
  const certificate = mutualTls ? createServerCertificate(options.clock.now()) : null;
  certificate?.catch(() => undefined); // awaited below; a failure surfaces there
  const services = loadProtocol(options.protoDir);
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    // No channelz: nothing reads its per-call statistics, and keeping them costs every call.
    'grpc.enable_channelz': 0,
  });
  const network = pluginNetwork(options.env, process.platform);
  const socketDir =
    network === 'unix'
      ? await mkdtemp(join(options.env['PLUGIN_UNIX_SOCKET_DIR'] || tmpdir(), 'keyward-plugin-'))
      : null;

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      server.tryShutdown(() => resolve());
    })
      .then(() => (socketDir === null ? undefined : rm(socketDir, { recursive: true, force: true })))
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

  let credentials = grpc.ServerCredentials.createInsecure();
  let certBase64: string | null = null;
  if (clientCert && certificate) {
    const cert = await certificate;
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    );
    certBase64 = cert.certBase64;
  }

  let address: string;
  if (socketDir === null) {
    address = await bindTcp(server, options.env, credentials);
  } else {
    address = join(socketDir, 'plugin.sock');
    await bind(server, `unix:${address}`, credentials);
  }
  options.log(`serving on ${network} ${address}${certBase64 ? ' with mutual TLS' : ''}`);
  options.announce(handshakeLine(network, address, certBase64));
  return { network, address, stopped, shutdown };
}
