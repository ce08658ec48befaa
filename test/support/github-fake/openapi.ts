// GitHub's published OpenAPI description (@octokit/openapi), loaded once per test file, compiled per operation on
// demand.
// It only judges requests and responses; it must never invent leniency the description does not grant.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OperationValidators {
  readonly operationId: string;
  /** Problems with the request body, empty when valid. */
  checkRequestBody(body: unknown): string[];
  /** Problems with a response of this status, empty when valid. */
  checkResponse(status: number, body: unknown): string[];
  /** The response schema for a status, inlined, for building valid example bodies. */
  responseSchema(status: number): JsonObject | undefined;
}

export interface GithubDescription {
  operation(method: string, pathTemplate: string): OperationValidators;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Reads and parses the api.github.com description (13 MB); do it once per test file (beforeAll). */
export async function loadGithubDescription(): Promise<GithubDescription> {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as JsonObject;
  return describeDocument(doc);
}

function describeDocument(doc: JsonObject): GithubDescription {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  // GitHub's own format for `owner/name` strings (head_repo); accepted as any string, as the description defines no
  // rule.
  ajv.addFormat('repo.nwo', true);
  const compiled = new Map<string, OperationValidators>();
  return {
    operation(method, pathTemplate) {
      const key = `${method.toUpperCase()} ${pathTemplate}`;
      let found = compiled.get(key);
      if (!found) {
        found = compileOperation(doc, ajv, method.toLowerCase(), pathTemplate);
        compiled.set(key, found);
      }
      return found;
    },
  };
}

function compileOperation(doc: JsonObject, ajv: Ajv, method: string, pathTemplate: string): OperationValidators {
  const op = asObject(asObject(asObject(doc['paths'])[pathTemplate])[method]);
  if (Object.keys(op).length === 0)
    throw new Error(`the description has no operation ${method.toUpperCase()} ${pathTemplate}`);
  const operationId = String(op['operationId']);
  const requestSchema = jsonSchemaOf(doc, op['requestBody']);
  const requestRequired = asObject(inline(doc, op['requestBody'] ?? null))['required'] === true;
  const validateRequest = requestSchema ? ajv.compile(requestSchema) : undefined;
  const responses = asObject(op['responses']);
  const responseValidators = new Map<
    string,
    { schema: JsonObject | undefined; validate: ValidateFunction | undefined }
  >();
  for (const [status, response] of Object.entries(responses)) {
    const schema = jsonSchemaOf(doc, response);
    responseValidators.set(status, { schema, validate: schema ? ajv.compile(schema) : undefined });
  }
  return {
    operationId,
    checkRequestBody(body) {
      if (body === undefined) return requestRequired ? [`${operationId}: request body is required`] : [];
      if (!validateRequest) return [`${operationId}: the operation takes no request body`];
      return validateRequest(body) ? [] : describeErrors(`${operationId} request`, validateRequest);
    },
    checkResponse(status, body) {
      const entry = responseValidators.get(String(status));
      if (!entry) return [`${operationId}: status ${status} is not a documented response`];
      if (!entry.validate)
        return body === undefined ? [] : [`${operationId}: status ${status} has no body but one was sent`];
      return entry.validate(body) ? [] : describeErrors(`${operationId} response ${status}`, entry.validate);
    },
    responseSchema(status) {
      return responseValidators.get(String(status))?.schema;
    },
  };
}

function describeErrors(where: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** The application/json schema of a request body or response object, with every $ref inlined. */
function jsonSchemaOf(doc: JsonObject, holder: Json | undefined): JsonObject | undefined {
  if (holder === undefined) return undefined;
  const resolved = asObject(inline(doc, holder));
  const schema = asObject(asObject(asObject(resolved['content'])['application/json'])['schema']);
  return Object.keys(schema).length === 0 ? undefined : schema;
}

/** Replaces local $refs by their targets; a reference cycle is an error (none of the operations used has one). */
function inline(doc: JsonObject, node: Json, seen: readonly string[] = []): Json {
  if (Array.isArray(node)) return node.map((item) => inline(doc, item, seen));
  if (node === null || typeof node !== 'object') return node;
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    if (seen.includes(ref)) throw new Error(`reference cycle through ${ref}`);
    return inline(doc, pointer(doc, ref), [...seen, ref]);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node))
    out[key] = key === 'example' || key === 'examples' ? value : inline(doc, value, seen);
  return out;
}

function pointer(doc: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported, got ${ref}`);
  let node: Json = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = asObject(node)[part] ?? null;
  }
  return node;
}

function asObject(node: Json | undefined): JsonObject {
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? node : {};
}

export type { Json, JsonObject };
