// The one ajv set-up for the manifest schema: the options and formats that both the committed validator
// (generated/validate-manifest.ts, written by schema-standalone.ts) and a schema given at run time are compiled with.
import { Ajv2020, type AnySchemaObject, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';

/**
 * What a CommonJS module (ajv's, ajv-formats) exports as `default`: under NodeNext a default import of one gives its
 * exports object, while vitest and some bundlers give that `default` itself.
 */
export function commonJsDefault<T>(imported: unknown): T {
  return ((imported as { default?: T }).default ?? imported) as T;
}

const addFormats = commonJsDefault<FormatsPlugin>(formatsModule);

/**
 * Full strict mode, as a standard validator would compile the schema: no custom keywords (messages:
 * schema-messages.ts). The schema is not checked against the 2020-12 meta-schema (that compile took about 180 ms):
 * test/core/manifest/editor-schema.test.ts checks it with a standard validator.
 */
export function manifestAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    logger: false,
    validateSchema: false,
    ...extra,
  });
  addFormats(ajv, ['date-time', 'uri']);
  return ajv;
}

/** A validator for `schema` compiled now (about 50 ms for the manifest schema): for a schema given at run time. */
export function compileManifestSchema(schema: AnySchemaObject): ValidateFunction {
  return manifestAjv().compile(schema);
}
