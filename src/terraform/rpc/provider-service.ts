// The tfplugin6.Provider gRPC implementation: decodes requests, calls the catalogue's handlers, encodes replies.
// Every failure becomes an error diagnostic; no RPC may crash the process or send a stack trace.
import type * as grpc from '@grpc/grpc-js';
import type { EventSink } from '../../kernel/events.js';
import type { KeyDriver } from '../../core/ports/key-driver.js';
import { diagnosticToProto, errorDiag, type Diagnostic } from '../diagnostics.js';
import { RemoteView } from '../remote-view.js';
import { resolveConnection, validateProviderConfig } from '../provider-config.js';
import type { ProviderContext, ValidateContext } from '../resources/types.js';
import { providerSchema } from '../schema/provider-schema.js';
import { schemaToProto } from '../schema/to-proto.js';
import { conform } from '../schema/types.js';
import { createValueCodec, type DynamicValueMessage } from '../values/dynamic-value.js';
import { isObject, isWhollyKnown, type TfObject } from '../values/value.js';
import { keywardCatalog } from './catalog.js';
import type { ProviderDeps } from './provider-deps.js';
import { ephemeralRpcs } from './ephemeral-rpcs.js';
import { resourceRpcs } from './resource-rpcs.js';

type Request = Record<string, unknown> & { type_name?: string };
type Handler = (request: Request) => Promise<object> | object;

export interface ProviderSession {
  /** Set by ConfigureProvider. */
  context: ProviderContext | null;
  /** ConfigureProvider saw values known only after apply (a plan-time call): refresh is skipped, plans still work. */
  configUnknown: boolean;
}

function diagnosticsReply(diagnostics: readonly Diagnostic[]): { diagnostics: object[] } {
  return { diagnostics: diagnostics.map(diagnosticToProto) };
}

export function createProviderService(deps: ProviderDeps): grpc.UntypedServiceImplementation {
  const catalog = keywardCatalog();
  const codec = createValueCodec();
  const session: ProviderSession = { context: null, configUnknown: false };
  const sink: EventSink = (event) => {
    deps.log(`${event.code}: ${event.message}`);
    deps.events?.(event);
  };
  const storeContext = { env: deps.env, baseDir: deps.baseDir, clock: deps.clock, events: sink };
  const checks: ValidateContext = { openStore: deps.openStore, storeContext };
  const decodeObject = (value: unknown): TfObject | null => {
    const decoded = codec.decode(value as DynamicValueMessage | undefined);
    return isObject(decoded) ? decoded : null;
  };

  // Terraform keeps the schema it got from one provider process for the others of its run (the capability says it
  // may), so GetProviderSchema is asked about once per run; the reply is built once per process all the same.
  const capabilities = { plan_destroy: false, get_provider_schema_optional: true };
  let schemaReply: object | null = null;
  const schemas = (): object => ({
    provider: schemaToProto(providerSchema),
    resource_schemas: Object.fromEntries([...catalog.resources].map(([name, r]) => [name, schemaToProto(r.schema)])),
    data_source_schemas: Object.fromEntries(
      [...catalog.dataSources].map(([name, d]) => [name, schemaToProto(d.schema)]),
    ),
    ephemeral_resource_schemas: Object.fromEntries(
      [...catalog.ephemeralResources].map(([name, e]) => [name, schemaToProto(e.schema)]),
    ),
    server_capabilities: capabilities,
    diagnostics: [],
  });

  const handlers: Record<string, Handler> = {
    GetMetadata: () => ({
      server_capabilities: capabilities,
      resources: [...catalog.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...catalog.dataSources.keys()].map((type_name) => ({ type_name })),
      ephemeral_resources: [...catalog.ephemeralResources.keys()].map((type_name) => ({ type_name })),
      diagnostics: [],
    }),
    GetProviderSchema: () => (schemaReply ??= schemas()),
    ValidateProviderConfig: (request) => {
      const config = conform(providerSchema.block, decodeObject(request['config']));
      return diagnosticsReply(validateProviderConfig(config, deps.driverNames));
    },
    ConfigureProvider: (request) => {
      const config = conform(providerSchema.block, decodeObject(request['config']));
      if (config && !isWhollyKnown(config)) {
        session.configUnknown = true;
        return diagnosticsReply(validateProviderConfig(config, deps.driverNames));
      }
      const resolved = resolveConnection(config, deps.driverNames);
      if (!resolved.ok) return diagnosticsReply(resolved.diagnostics);
      let driver: KeyDriver;
      try {
        driver = deps.createDriver(resolved.settings);
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        return diagnosticsReply([
          errorDiag(
            'Cannot configure the keyward provider',
            `${detail}\n\nurl and api_key in the provider block take precedence over the environment.`,
          ),
        ]);
      }
      const remote = new RemoteView(driver);
      remote.prefetch();
      session.context = {
        remote,
        clock: deps.clock,
        openStore: deps.openStore,
        storeContext,
        sink,
      };
      deps.log(`configured driver ${resolved.settings.driver}`);
      return diagnosticsReply([]);
    },
    ...resourceRpcs({ catalog, codec, session, decodeObject, clock: deps.clock, checks }),
    ...ephemeralRpcs({ catalog, codec, session, decodeObject }),
    MoveResourceState: () =>
      diagnosticsReply([
        errorDiag('Moving resources is not supported', 'keyward resources cannot be moved from another resource type.'),
      ]),
    GetFunctions: () => ({ diagnostics: [] }),
    StopProvider: () => ({ Error: '' }),
  };

  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(handlers)) {
    implementation[name] = (call: grpc.ServerUnaryCall<Request, object>, callback: grpc.sendUnaryData<object>) => {
      Promise.resolve()
        .then(() => handler(call.request))
        .then(
          (reply) => callback(null, reply),
          (err: unknown) => {
            const message = err instanceof Error ? err.message : String(err);
            deps.log(`${name} failed: ${message}`);
            callback(
              null,
              name === 'StopProvider'
                ? { Error: message }
                : diagnosticsReply([errorDiag(`Internal error in ${name}`, message)]),
            );
          },
        );
    };
  }
  return implementation;
}
