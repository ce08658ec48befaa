// The resource and data-source RPCs of tfplugin6.Provider, on top of the catalogue's handlers.
// Every object sent back is conformed to its schema (all attributes present); private data passes through.
import type { Clock } from '../../kernel/clock.js';
import { diagnosticToProto, errorDiag, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { ProviderContext, ValidateContext } from '../resources/types.js';
import { conform, type Schema } from '../schema/types.js';
import type { ValueCodec } from '../values/dynamic-value.js';
import { isWhollyKnown, type TfObject } from '../values/value.js';
import type { Catalog } from './catalog.js';
import type { ProviderSession } from './provider-service.js';

type Request = Record<string, unknown> & { type_name?: string };

interface Deps {
  readonly clock: Clock;
  readonly catalog: Catalog;
  readonly codec: ValueCodec;
  readonly session: ProviderSession;
  readonly decodeObject: (value: unknown) => TfObject | null;
  readonly checks: ValidateContext;
}

const reply = (diagnostics: readonly Diagnostic[]) => diagnostics.map(diagnosticToProto);

const unknownType = (kind: string, name: string | undefined) =>
  errorDiag(`Unknown ${kind} type`, `The keyward provider has no ${kind} type "${name ?? ''}".`);

const notConfigured = errorDiag(
  'Provider not configured',
  'The keyward provider block must be configured (and known, not computed during apply) before resources are read or changed.',
);

export function resourceRpcs({
  catalog,
  codec,
  session,
  decodeObject,
  clock,
  checks,
}: Deps): Record<string, (r: Request) => Promise<object> | object> {
  const encode = (schema: Schema, value: TfObject | null) => codec.encode(conform(schema.block, value));
  const resourceOf = (request: Request) => catalog.resources.get(request.type_name ?? '');
  const dataOf = (request: Request) => catalog.dataSources.get(request.type_name ?? '');
  const context = (): ProviderContext | null => session.context;

  return {
    ValidateResourceConfig: async (request) => {
      const resource = resourceOf(request);
      if (!resource) return { diagnostics: reply([unknownType('resource', request.type_name)]) };
      const config = conform(resource.schema.block, decodeObject(request['config'])) ?? {};
      return { diagnostics: reply(await resource.validate(config, checks)) };
    },
    UpgradeResourceState: (request) => {
      const resource = resourceOf(request);
      if (!resource) return { diagnostics: reply([unknownType('resource', request.type_name)]) };
      const raw = request['raw_state'] as { json?: Buffer } | undefined;
      if (!raw?.json || raw.json.length === 0) {
        return {
          diagnostics: reply([
            errorDiag('Unsupported state format', 'keyward state must be JSON (flatmap state is not supported).'),
          ]),
        };
      }
      const state = decodeObject({ json: raw.json });
      return { upgraded_state: encode(resource.schema, state), diagnostics: [] };
    },
    ReadResource: async (request) => {
      const resource = resourceOf(request);
      const ctx = context();
      if (resource && !ctx && session.configUnknown) {
        // The provider block is known only after apply: keep the state as it is rather than fail the plan.
        return { new_state: request['current_state'], private: request['private'], diagnostics: [] };
      }
      if (!resource || !ctx)
        return { diagnostics: reply([resource ? notConfigured : unknownType('resource', request.type_name)]) };
      const current = conform(resource.schema.block, decodeObject(request['current_state']));
      const result = current ? await resource.read(current, ctx) : { state: null, diagnostics: [] };
      return {
        new_state: encode(resource.schema, result.state),
        private: request['private'],
        diagnostics: reply(result.diagnostics),
      };
    },
    PlanResourceChange: async (request) => {
      const resource = resourceOf(request);
      if (!resource) return { diagnostics: reply([unknownType('resource', request.type_name)]) };
      const block = resource.schema.block;
      const proposed = conform(block, decodeObject(request['proposed_new_state']));
      const config = conform(block, decodeObject(request['config']));
      // Values validate saw as unknown (variables, other resources' outputs) are known now: check them before apply.
      const problems = proposed && config && isWhollyKnown(config) ? await resource.validate(config, checks) : [];
      if (hasErrors(problems)) return { diagnostics: reply(problems) };
      const result = resource.plan({
        prior: conform(block, decodeObject(request['prior_state'])),
        proposed,
        config,
        clock,
      });
      return {
        planned_state: encode(resource.schema, result.planned),
        requires_replace: result.requiresReplace.map((path) => ({
          steps: path.map((name) => ({ attribute_name: name })),
        })),
        planned_private: request['prior_private'],
        diagnostics: reply(result.diagnostics),
      };
    },
    ApplyResourceChange: async (request) => {
      const resource = resourceOf(request);
      const ctx = context();
      if (!resource || !ctx)
        return { diagnostics: reply([resource ? notConfigured : unknownType('resource', request.type_name)]) };
      const block = resource.schema.block;
      const result = await resource.apply(
        {
          prior: conform(block, decodeObject(request['prior_state'])),
          planned: conform(block, decodeObject(request['planned_state'])),
          config: conform(block, decodeObject(request['config'])),
        },
        ctx,
      );
      return {
        new_state: encode(resource.schema, result.state),
        private: request['planned_private'],
        diagnostics: reply(result.diagnostics),
      };
    },
    ImportResourceState: async (request) => {
      const resource = resourceOf(request);
      const ctx = context();
      if (!resource || !ctx)
        return { diagnostics: reply([resource ? notConfigured : unknownType('resource', request.type_name)]) };
      const result = await resource.importState(typeof request['id'] === 'string' ? request['id'] : '', ctx);
      const imported =
        result.state && !hasErrors(result.diagnostics)
          ? [{ type_name: resource.typeName, state: encode(resource.schema, result.state) }]
          : [];
      return { imported_resources: imported, diagnostics: reply(result.diagnostics) };
    },
    ValidateDataResourceConfig: (request) => {
      const source = dataOf(request);
      if (!source) return { diagnostics: reply([unknownType('data source', request.type_name)]) };
      return {
        diagnostics: reply(source.validate(conform(source.schema.block, decodeObject(request['config'])) ?? {})),
      };
    },
    ReadDataSource: async (request) => {
      const source = dataOf(request);
      const ctx = context();
      if (!source || !ctx)
        return { diagnostics: reply([source ? notConfigured : unknownType('data source', request.type_name)]) };
      const config = conform(source.schema.block, decodeObject(request['config'])) ?? {};
      const result = await source.read(config, ctx);
      return { state: encode(source.schema, result.state), diagnostics: reply(result.diagnostics) };
    },
  };
}
