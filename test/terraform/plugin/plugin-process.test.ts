// The packaged provider as a process, driven like go-plugin drives it: one stdout line, mutual TLS on a unix
// socket, SIGINT ignored, exit 0 on GRPCController/Shutdown with its socket directory removed.
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageProvider, type PackagedProvider } from '../../../src/terraform/package.js';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../../src/terraform/plugin/handshake.js';
import { loadProtocol } from '../../../src/terraform/plugin/protocol.js';
import { createServerCertificate } from '../../../src/terraform/plugin/tls.js';

type UnaryClient = grpc.Client &
  Record<string, (req: object, cb: (err: grpc.ServiceError | null, res: Record<string, unknown>) => void) => void>;

function call(client: UnaryClient, method: string, request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => client[method]?.(request, (err, res) => (err ? reject(err) : resolve(res))));
}

describe('terraform-provider-keyward process', () => {
  let root: string;
  let packaged: PackagedProvider;
  let child: ChildProcess;
  let stdout = '';
  let line = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'keyward-plugin-'));
    packaged = await packageProvider({ outDir: root });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  });

  it('serves mutual TLS on a unix socket, ignores SIGINT and exits on Shutdown', async () => {
    const clientCert = await createServerCertificate(new Date());
    child = spawn(packaged.executable, [], {
      env: {
        PATH: process.env['PATH'] ?? '',
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: '6',
        PLUGIN_CLIENT_CERT: clientCert.certPem,
        KEYWARD_NODE: process.execPath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    line = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', () => stdout.includes('\n') && resolve(stdout.split('\n')[0] ?? ''));
      child.once('exit', (code) => reject(new Error(`provider exited early with ${code}`)));
    });
    const [core, app, network, address, protocol, cert] = line.split('|');
    expect([core, app, network, protocol]).toEqual(['1', '6', 'unix', 'grpc']);
    expect(cert).toMatch(/^[A-Za-z0-9+/]+$/);
    const x509 = new X509Certificate(Buffer.from(cert ?? '', 'base64'));
    expect(x509.subjectAltName).toBe('DNS:localhost');
    expect(x509.publicKey.asymmetricKeyType).toBe('ec');
    expect(Number.parseInt(x509.serialNumber.slice(0, 1), 16)).toBeLessThan(8);

    const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert ?? '', 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
    const credentials = grpc.credentials.createSsl(
      Buffer.from(serverPem),
      Buffer.from(clientCert.keyPem),
      Buffer.from(clientCert.certPem),
    );
    const services = loadProtocol(join(dirname(packaged.executable), 'proto'));
    const Provider = grpc.makeGenericClientConstructor(services.provider, 'Provider');
    const Controller = grpc.makeGenericClientConstructor(services.controller, 'GRPCController');
    const options = {
      'grpc.ssl_target_name_override': 'localhost',
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
    };
    const provider = new Provider(`unix:${address}`, credentials, options) as UnaryClient;
    const controller = new Controller(`unix:${address}`, credentials, options) as UnaryClient;

    const schema = await call(provider, 'GetProviderSchema', {});
    expect(Object.keys(schema['resource_schemas'] as object).sort()).toEqual([
      'keyward_api_key',
      'keyward_group',
      'keyward_role',
      'keyward_service_user',
    ]);

    child.kill('SIGINT');
    const metadata = await call(provider, 'GetMetadata', {});
    expect((metadata['resources'] as unknown[]).length).toBe(4);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await call(controller, 'Shutdown', {});
    expect(await exited).toBe(0);
    expect(stdout).toBe(`${line}\n`);
    expect(existsSync(dirname(address ?? ''))).toBe(false);
    provider.close();
    controller.close();
  });

  it('accepts only the client certificate Terraform announced', async () => {
    const trusted = await createServerCertificate(new Date());
    const stranger = await createServerCertificate(new Date());
    const proc = spawn(packaged.executable, [], {
      env: {
        PATH: process.env['PATH'] ?? '',
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_CLIENT_CERT: trusted.certPem,
        KEYWARD_NODE: process.execPath,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const first = await new Promise<string>((resolve) =>
        proc.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim())),
      );
      const [, , , address, , cert] = first.split('|');
      const serverPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert ?? '', 'base64').toString('base64')}\n-----END CERTIFICATE-----\n`;
      const services = loadProtocol(join(dirname(packaged.executable), 'proto'));
      const Provider = grpc.makeGenericClientConstructor(services.provider, 'Provider');
      const metadataAs = async (identity: typeof trusted) => {
        const credentials = grpc.credentials.createSsl(
          Buffer.from(serverPem),
          Buffer.from(identity.keyPem),
          Buffer.from(identity.certPem),
        );
        const client = new Provider(`unix:${address}`, credentials, {
          'grpc.ssl_target_name_override': 'localhost',
        }) as UnaryClient;
        try {
          return await call(client, 'GetMetadata', {});
        } finally {
          client.close();
        }
      };
      await expect(metadataAs(trusted)).resolves.toHaveProperty('resources');
      await expect(metadataAs(stranger)).rejects.toThrow();
    } finally {
      proc.kill('SIGKILL');
    }
  });
});
