// A Vault / OpenBao KV v2 fake on a free local port, written from the KV v2 HTTP API documentation: token and
// namespace headers, versioning, check-and-set, custom metadata. Unexpected calls and undocumented bodies are
// violations.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../../src/kernel/clock.js';
import { KvMount, metadataBody, versionBody } from './kv-state.js';
import { checkDataWrite, checkMetadataWrite } from './request-checks.js';

type Capability = 'create' | 'read' | 'update' | 'delete';
const ALL_CAPABILITIES: readonly Capability[] = ['create', 'read', 'update', 'delete'];

export interface VaultFakeOptions {
  /** KV v2 mounts, e.g. ['secret']. */
  readonly mounts?: readonly string[];
  /** When set, the mounts live in this namespace and requests must carry X-Vault-Namespace. */
  readonly namespace?: string;
  /** Tokens and what they may do on every path; default `root-token` with every capability. */
  readonly tokens?: Readonly<Record<string, readonly Capability[]>>;
  readonly clock?: Clock;
}

interface VaultFailure {
  /** 403 answers as a refused token; 429 as a rate-limit quota; 5xx as a server error (503: sealed or standby). */
  readonly status: 403 | 429 | 500 | 502 | 503;
  readonly retryAfter?: number;
  readonly times?: number;
}

interface VaultRequest {
  readonly method: string;
  readonly path: string;
  readonly namespace: string | undefined;
  readonly body: unknown;
  status: number;
}

export interface VaultFake {
  readonly url: string;
  readonly mounts: Map<string, KvMount>;
  readonly requests: VaultRequest[];
  readonly violations: string[];
  inject(failure: VaultFailure): void;
  /**
   * Runs `action` (another writer, say) just before the fake handles the next `method` request whose path contains
   * `pathPart`.
   */
  interleave(method: string, pathPart: string, action: () => void): void;
  /** The latest live value of `field` at mount/path, for assertions. */
  peek(mount: string, path: string, field: string): unknown;
  assertNoViolations(): void;
  close(): Promise<void>;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
const errors = (status: number, ...messages: string[]): Reply => ({ status, body: { errors: messages } });
const envelope = (data: unknown): Reply => ({
  status: 200,
  body: {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth: null,
    mount_type: 'kv',
  },
});

export async function startVaultFake(options: VaultFakeOptions = {}): Promise<VaultFake> {
  const clock = options.clock ?? systemClock;
  const mounts = new Map((options.mounts ?? ['secret']).map((m) => [m, new KvMount(clock)] as const));
  const tokens = new Map(Object.entries(options.tokens ?? { 'root-token': ALL_CAPABILITIES }));
  const requests: VaultRequest[] = [];
  const violations: string[] = [];
  const injections: { failure: VaultFailure; remaining: number }[] = [];
  const interleaved: { method: string; pathPart: string; action: () => void }[] = [];

  function handle(req: IncomingMessage, raw: string): Reply {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method === 'PUT' ? 'POST' : (req.method ?? '');
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      violations.push(`${method} ${url.pathname}: body is not JSON`);
      return errors(400, 'failed to parse JSON input');
    }
    const namespace = req.headers['x-vault-namespace'] as string | undefined;
    const entry: VaultRequest = { method, path: url.pathname, namespace, body, status: 0 };
    requests.push(entry);
    const hook = interleaved.findIndex((h) => h.method === method && url.pathname.includes(h.pathPart));
    if (hook >= 0) interleaved.splice(hook, 1)[0]?.action();
    const injected = injections.find((i) => i.remaining > 0);
    if (injected) {
      injected.remaining -= 1;
      const headers: Record<string, string> =
        injected.failure.retryAfter === undefined ? {} : { 'retry-after': String(injected.failure.retryAfter) };
      return {
        ...errors(
          injected.failure.status,
          injected.failure.status === 429
            ? 'rate limit quota exceeded'
            : injected.failure.status === 403
              ? 'permission denied'
              : 'internal error',
        ),
        headers,
      };
    }
    const capabilities = tokens.get(String(req.headers['x-vault-token'] ?? ''));
    if (!capabilities) return errors(403, 'permission denied');
    if (!url.pathname.startsWith('/v1/')) {
      violations.push(`unexpected call ${method} ${url.pathname}`);
      return errors(404, 'no handler for route');
    }
    const rest = decodeURIComponent(url.pathname.slice(4));
    const inNamespace = (options.namespace ?? undefined) === (namespace?.replace(/\/+$/, '') || undefined);
    const mountName = [...mounts.keys()].filter((m) => rest.startsWith(`${m}/`)).sort((a, b) => b.length - a.length)[0];
    if (!inNamespace || mountName === undefined)
      return errors(404, `no handler for route "${rest}". route entry not found.`);
    const mount = mounts.get(mountName) as KvMount;
    const match = /^(data|metadata)\/(.+)$/.exec(rest.slice(mountName.length + 1));
    if (!match) {
      violations.push(`unexpected call ${method} ${url.pathname}`);
      return errors(404, 'unsupported path');
    }
    const [, kind, path = ''] = match;
    const existing = mount.entries.get(path);
    const need: Capability =
      method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : existing ? 'update' : 'create';
    if (!capabilities.includes(need)) return errors(403, '1 error occurred:\n\t* permission denied\n\n');
    const route = `${method} ${kind}`;
    if (method !== 'POST' && body !== undefined) violations.push(`${route} ${path}: the API takes no body here`);
    switch (route) {
      case 'GET data': {
        const version = existing?.versions.get(existing.currentVersion);
        if (!existing || !version || version.destroyed || version.deletionTime) return errors(404);
        return envelope({ data: version.data, metadata: versionBody(existing, existing.currentVersion, version) });
      }
      case 'POST data': {
        const problems = checkDataWrite(body);
        violations.push(...problems.map((p) => `${route} ${path}: ${p}`));
        if (problems.length > 0) return errors(400, problems.join('; '));
        const write = body as { data: Record<string, unknown>; options?: { cas?: number } };
        const outcome = mount.write(path, write.data, write.options?.cas);
        if (!outcome.ok) return errors(400, outcome.error);
        return envelope(versionBody(mount.entries.get(path)!, outcome.version.version, outcome.version));
      }
      case 'DELETE data':
        mount.softDeleteLatest(path);
        return { status: 204 };
      case 'GET metadata':
        return existing ? envelope(metadataBody(existing)) : errors(404);
      case 'POST metadata': {
        const problems = checkMetadataWrite(body);
        violations.push(...problems.map((p) => `${route} ${path}: ${p}`));
        if (problems.length > 0) return errors(400, problems.join('; '));
        const meta = body as {
          custom_metadata?: Record<string, string>;
          cas_required?: boolean;
          max_versions?: number;
        };
        mount.writeMetadata(path, {
          customMetadata: meta.custom_metadata,
          casRequired: meta.cas_required,
          maxVersions: meta.max_versions,
        });
        return { status: 204 };
      }
      case 'DELETE metadata':
        mount.entries.delete(path);
        return { status: 204 };
      default:
        violations.push(`unexpected call ${method} ${url.pathname}`);
        return errors(405, 'unsupported operation');
    }
  }

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => send(res, handle(req, raw), requests));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mounts,
    requests,
    violations,
    inject: (failure) => injections.push({ failure, remaining: failure.times ?? 1 }),
    interleave: (method, pathPart, action) => interleaved.push({ method, pathPart, action }),
    peek(mountName, path, field) {
      const entry = mounts.get(mountName)?.entries.get(path);
      const version = entry?.versions.get(entry.currentVersion);
      return version && !version.deletionTime && !version.destroyed ? version.data[field] : undefined;
    },
    assertNoViolations() {
      const unused = [
        ...injections.filter((i) => i.remaining > 0).map((i) => `injected ${i.failure.status} never used`),
        ...interleaved.map((h) => `interleaved action for ${h.method} ${h.pathPart} never ran`),
      ];
      const all = [...violations, ...unused];
      if (all.length > 0) throw new Error(`Vault fake saw problems:\n${all.join('\n')}`);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply, requests: VaultRequest[]): void {
  const last = requests[requests.length - 1];
  if (last && last.status === 0) last.status = reply.status;
  const hasBody = reply.body !== undefined && reply.status !== 204;
  res.writeHead(reply.status, { ...reply.headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) });
  res.end(hasBody ? JSON.stringify(reply.body) : undefined);
}
