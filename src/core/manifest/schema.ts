// The manifest JSON Schema (schemas/manifest.schema.json, the contract) compiled with ajv for this loader.
// Compiled per load, so no validator (ajv keeps errors on it) is shared between callers.
import { readFile } from 'node:fs/promises';
import { Ajv2020, type AnySchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';

/** Where the schema lives, relative to this module in both src/ and the built lib/. */
const MANIFEST_SCHEMA_URL = new URL('../../../schemas/manifest.schema.json', import.meta.url);

export async function readManifestSchema(url: URL = MANIFEST_SCHEMA_URL): Promise<AnySchemaObject> {
  return JSON.parse(await readFile(url, 'utf8')) as AnySchemaObject;
}

// ajv-formats is CommonJS; under NodeNext its default import is the module object or the plugin itself.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

export function compileManifestSchema(schema: AnySchemaObject): ValidateFunction {
  // Full strict mode, as a standard validator would compile it: no custom keywords (messages: schema-messages.ts).
  // The schema is not checked against the 2020-12 meta-schema on every load (compiling the meta-schema was about
  // 180 ms of each `keyward plan`): test/core/manifest/editor-schema.test.ts checks it with a standard validator.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, logger: false, validateSchema: false });
  addFormats(ajv, ['date-time', 'uri']);
  return ajv.compile(schema);
}
