// Builds the smallest body a schema accepts (required properties only), so the fake can answer with large
// GitHub objects (a full repository) without hand-written fixtures; it never bypasses response validation.
import type { Json, JsonObject } from './openapi.js';

/** A minimal valid value for an inlined OpenAPI 3.0 schema, with `overrides` merged into objects at the top level. */
export function exampleFor(schema: JsonObject, overrides: JsonObject = {}): Json {
  const value = minimal(schema);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...value, ...overrides };
  return value;
}

function minimal(schema: JsonObject): Json {
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) return mergeObjects(allOf.map((part) => minimal(part as JsonObject)));
  for (const key of ['oneOf', 'anyOf']) {
    const options = schema[key];
    if (Array.isArray(options) && options[0]) return minimal(options[0] as JsonObject);
  }
  if (schema['nullable'] === true) return null;
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues[0] ?? null;
  switch (schema['type']) {
    case 'object':
      return objectOf(schema);
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return false;
    case 'string':
      return stringOf(schema);
    default:
      return schema['properties'] ? objectOf(schema) : null;
  }
}

function objectOf(schema: JsonObject): JsonObject {
  const properties = (schema['properties'] ?? {}) as JsonObject;
  const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
  const out: JsonObject = {};
  for (const name of required) {
    const property = properties[name];
    out[name] = property && typeof property === 'object' && !Array.isArray(property) ? minimal(property) : null;
  }
  return out;
}

function stringOf(schema: JsonObject): string {
  switch (schema['format']) {
    case 'date-time':
      return '2026-01-01T00:00:00Z';
    case 'uri':
    case 'uri-template':
      return 'https://api.github.test/example';
    case 'email':
      return 'octocat@example.test';
    default:
      return 'example';
  }
}

function mergeObjects(parts: Json[]): JsonObject {
  const out: JsonObject = {};
  for (const part of parts) {
    if (part !== null && typeof part === 'object' && !Array.isArray(part)) Object.assign(out, part);
  }
  return out;
}
