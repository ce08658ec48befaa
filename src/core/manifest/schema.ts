// The validator of the manifest JSON Schema (schemas/manifest.schema.json, the contract), compiled ahead of time into
// generated/validate-manifest.ts. A validator keeps its last errors on itself: read them right after validating.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { schema, validate } from './generated/validate-manifest.js';

/** The committed validator, with `schema` set as ajv's compile sets it (schema-errors.ts reads it). */
const MANIFEST_VALIDATOR = Object.assign(validate, { schema }) as unknown as ValidateFunction;

/** The validator of schemas/manifest.schema.json (schema-standalone.ts keeps the two equal, a test checks it). */
export function manifestValidator(): ValidateFunction {
  return MANIFEST_VALIDATOR;
}
