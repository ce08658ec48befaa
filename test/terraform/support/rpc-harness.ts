// Drives the provider's gRPC handlers in-process (no socket): encodes requests like Terraform, decodes replies.
// Also mimics Terraform's "proposed new state" so plan tests see what Terraform would send. Test code only.
import type * as grpc from '@grpc/grpc-js';
import type { Clock } from '../../../src/kernel/clock.js';
import type { KeyDriver } from '../../../src/core/ports/key-driver.js';
import type { SecretStore } from '../../../src/core/ports/secret-store.js';
import { createProviderService } from '../../../src/terraform/rpc/provider-service.js';
import type { BlockSchema } from '../../../src/terraform/schema/types.js';
import { conform } from '../../../src/terraform/schema/types.js';
import { createValueCodec } from '../../../src/terraform/values/dynamic-value.js';
import { isObject, type TfObject, type TfValue } from '../../../src/terraform/values/value.js';

interface WireDiagnostic {
  severity: string;
  summary: string;
  detail: string;
}

type Reply = Record<string, unknown> & { diagnostics?: WireDiagnostic[] };

export interface Harness {
  call(name: string, request: Record<string, unknown>): Promise<Reply>;
  dv(value: TfValue): { msgpack: Buffer };
  value(reply: Reply, field: string): TfObject | null;
  readonly logs: string[];
}

export function rpcHarness(options: { driver: KeyDriver; store: SecretStore; clock: Clock }): Harness {
  const codec = createValueCodec();
  const logs: string[] = [];
  const service = createProviderService({
    env: {},
    clock: options.clock,
    log: (line) => logs.push(line),
    driverNames: ['infoblox', 'keyward'],
    createDriver: () => options.driver,
    openStore: async () => options.store,
    baseDir: '/nonexistent',
  });
  return {
    logs,
    call(name, request) {
      const handler = service[name] as grpc.handleUnaryCall<Record<string, unknown>, Reply> | undefined;
      if (!handler) throw new Error(`no handler ${name}`);
      return new Promise((resolve, reject) => {
        handler({ request } as grpc.ServerUnaryCall<Record<string, unknown>, Reply>, (err, reply) =>
          err ? reject(new Error(err.details ?? 'grpc error')) : resolve(reply ?? {}),
        );
      });
    },
    dv: (value) => codec.encode(value),
    value(reply, field) {
      const decoded = codec.decode(reply[field] as { msgpack?: Buffer } | undefined);
      return isObject(decoded) ? decoded : null;
    },
  };
}

/** Terraform's proposed new state: config values, except computed attributes left null take the prior value. */
export function proposedNewState(block: BlockSchema, prior: TfObject | null, config: TfObject): TfObject {
  const shaped = conform(block, config) ?? {};
  const out: Record<string, TfValue> = { ...shaped };
  for (const attribute of block.attributes) {
    if (attribute.computed && (shaped[attribute.name] ?? null) === null)
      out[attribute.name] = prior?.[attribute.name] ?? null;
  }
  return out;
}
