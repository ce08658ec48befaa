// Reads the manifest JSON Schema, schemas/manifest.schema.json (the contract editors and validators use).
import { readFile } from 'node:fs/promises';
import type { AnySchemaObject } from 'ajv/dist/2020.js';

/** Where the schema lives, relative to this module in both src/ and the built lib/. */
const MANIFEST_SCHEMA_URL = new URL('../../../schemas/manifest.schema.json', import.meta.url);

export async function readManifestSchema(url: URL = MANIFEST_SCHEMA_URL): Promise<AnySchemaObject> {
  return JSON.parse(await readFile(url, 'utf8')) as AnySchemaObject;
}
