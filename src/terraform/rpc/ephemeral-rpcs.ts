// The ephemeral-resource RPCs of tfplugin6.Provider (Terraform 1.10+): validate, open, renew, close.
// Results are sent once and forgotten; nothing of an ephemeral result is kept or logged by the provider.
import { diagnosticToProto, errorDiag, type Diagnostic } from '../diagnostics.js';
import { conform } from '../schema/types.js';
import type { ValueCodec } from '../values/dynamic-value.js';
import { isWhollyKnown, UNKNOWN, type TfObject } from '../values/value.js';
import type { Catalog } from './catalog.js';
import type { ProviderSession } from './provider-service.js';

type Request = Record<string, unknown> & { type_name?: string };

interface Deps {
  readonly catalog: Catalog;
  readonly codec: ValueCodec;
  readonly session: ProviderSession;
  readonly decodeObject: (value: unknown) => TfObject | null;
}

const reply = (diagnostics: readonly Diagnostic[]) => diagnostics.map(diagnosticToProto);
const unknownType = (name: string | undefined) =>
  errorDiag('Unknown ephemeral resource type', `The keyward provider has no ephemeral resource type "${name ?? ''}".`);

export function ephemeralRpcs({
  catalog,
  codec,
  session,
  decodeObject,
}: Deps): Record<string, (r: Request) => Promise<object> | object> {
  const ephemeralOf = (request: Request) => catalog.ephemeralResources.get(request.type_name ?? '');
  return {
    ValidateEphemeralResourceConfig: (request) => {
      const resource = ephemeralOf(request);
      if (!resource) return { diagnostics: reply([unknownType(request.type_name)]) };
      return {
        diagnostics: reply(resource.validate(conform(resource.schema.block, decodeObject(request['config'])) ?? {})),
      };
    },
    OpenEphemeralResource: async (request) => {
      const resource = ephemeralOf(request);
      if (!resource) return { diagnostics: reply([unknownType(request.type_name)]) };
      const config = conform(resource.schema.block, decodeObject(request['config'])) ?? {};
      if (!isWhollyKnown(config)) {
        const pending = Object.fromEntries(
          resource.schema.block.attributes.map((a) => [a.name, a.computed ? UNKNOWN : (config[a.name] ?? null)]),
        );
        return { result: codec.encode(conform(resource.schema.block, pending)), diagnostics: [] };
      }
      const ctx = session.context;
      if (!ctx)
        return { diagnostics: reply([errorDiag('Provider not configured', 'ConfigureProvider must succeed first.')]) };
      const opened = await resource.open(config, ctx);
      return {
        result: codec.encode(conform(resource.schema.block, opened.result)),
        ...(opened.private ? { private: opened.private } : {}),
        diagnostics: reply(opened.diagnostics),
      };
    },
    RenewEphemeralResource: (request) => ({
      ...(request['private'] ? { private: request['private'] } : {}),
      diagnostics: [],
    }),
    CloseEphemeralResource: async (request) => {
      const resource = ephemeralOf(request);
      const ctx = session.context;
      if (!resource || !ctx) return { diagnostics: reply(resource ? [] : [unknownType(request.type_name)]) };
      const privateData = request['private'];
      return { diagnostics: reply(await resource.close(Buffer.isBuffer(privateData) ? privateData : null, ctx)) };
    },
  };
}
