// Turns ajv errors into manifest problems people can act on: positioned at the offending field, phrased plainly,
// with the nearest allowed name for typos. Never repeats the manifest's values (they may be secrets or hostile text).
import type { ErrorObject } from 'ajv/dist/2020.js';
import { durationMessage, ENV_REFERENCE_POINTER, SCHEMA_MESSAGES, schemaPointers } from './schema-messages.js';
import { nearest } from './suggest.js';
import { pointer, quote } from './problems.js';

/** A schema problem before it is placed in a file: the pointer to show, where in the source, and the text. */
export interface SchemaFinding {
  readonly path: string;
  /** Place the problem at the property name rather than its value. */
  readonly atKey: boolean;
  readonly message: string;
  readonly suggestion?: string;
  /** For a missing required field: its name. */
  readonly missing?: string;
}

const SILENT_KEYWORDS = new Set(['if', 'allOf', 'anyOf', 'oneOf', 'then', 'else']);

/**
 * Translates errors; `ignore` holds pointers already reported another way (credential fields); `schema` is the root
 * schema the errors came from (messages are looked up by the pointer of the rule that failed).
 */
export function translateSchemaErrors(
  errors: readonly ErrorObject[],
  ignore: ReadonlySet<string>,
  schema: unknown,
): SchemaFinding[] {
  const pointers = schemaPointers(schema);
  const ruleOf = (error: ErrorObject | undefined): string | undefined =>
    error?.parentSchema === undefined ? undefined : pointers.get(error.parentSchema);
  const messageOf = (error: ErrorObject | undefined): string | undefined => {
    const rule = ruleOf(error);
    if (rule === undefined) return undefined;
    return durationMessage(rule, error?.data) ?? SCHEMA_MESSAGES.get(rule);
  };
  // The `${VAR}` alternative fails for every value that holds no reference: that says nothing about the value.
  const aboutEnvReference = (error: ErrorObject): boolean => ruleOf(error) === ENV_REFERENCE_POINTER;
  const findings: SchemaFinding[] = [];
  const consumed = new Set<number>();
  errors.forEach((error, index) => {
    if (error.keyword === 'propertyNames') {
      const inner = innerPropertyNameErrors(errors, index);
      inner.forEach((i) => consumed.add(i));
      const propertyName = (error.params as { propertyName?: unknown }).propertyName;
      const name = typeof propertyName === 'string' ? propertyName : '';
      const detail = inner.map((i) => messageOf(errors[i])).find((m) => m !== undefined) ?? 'is not an allowed name';
      findings.push({ path: pointer(error.instancePath, name), atKey: true, message: `name ${quote(name)} ${detail}` });
    }
  });
  errors.forEach((error, index) => {
    if (consumed.has(index) || error.keyword === 'propertyNames' || SILENT_KEYWORDS.has(error.keyword)) return;
    if (aboutEnvReference(error)) return;
    const finding = translate(error, messageOf(error));
    if (!ignore.has(finding.path)) findings.push(finding);
  });
  // `serviceUser:` (a typo) already says "did you mean 'serviceUsers'"; the missing serviceUsers is the same mistake.
  const typoFor = new Set(
    findings
      .filter((f) => f.atKey && f.suggestion !== undefined)
      .map((f) => `${parentOf(f.path)}\u0000${f.suggestion}`),
  );
  const seen = new Set<string>();
  return findings.filter((f) => {
    if (f.missing !== undefined && typoFor.has(`${f.path}\u0000${f.missing}`)) return false;
    const id = `${f.path}\u0000${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function innerPropertyNameErrors(errors: readonly ErrorObject[], index: number): number[] {
  const at = errors[index]?.instancePath;
  const out: number[] = [];
  for (let j = index - 1; j >= 0; j--) {
    const prior = errors[j];
    if (prior === undefined || prior.instancePath !== at || prior.keyword === 'propertyNames') break;
    out.push(j);
  }
  return out;
}

function translate(error: ErrorObject, custom: string | undefined): SchemaFinding {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = nearest(name, allowed);
      return {
        path: pointer(path, name),
        atKey: true,
        message: `unknown field ${quote(name)}`,
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return { path, atKey: false, message: `missing required field ${quote(missing)}`, missing };
    }
    case 'type': {
      const found = describeType(error.data);
      return {
        path,
        atKey: false,
        message:
          custom === undefined ? `must be ${article(String(params.type))}, not ${found}` : `${custom} (found ${found})`,
      };
    }
    case 'const':
      return { path, atKey: false, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof error.data === 'string' ? nearest(error.data, allowed) : undefined;
      return {
        path,
        atKey: false,
        message: `must be one of: ${allowed.join(', ')}`,
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    }
    case 'not': {
      const required = (error.schema as { required?: unknown } | undefined)?.required;
      const last: unknown = Array.isArray(required) ? required[required.length - 1] : undefined;
      return {
        path: typeof last === 'string' ? pointer(path, last) : path,
        atKey: typeof last === 'string',
        message: custom ?? 'is not allowed here',
      };
    }
    case 'uniqueItems':
      return {
        path: pointer(path, Number(params.i)),
        atKey: false,
        message: `duplicates item ${Number(params.j)} of this list`,
      };
    case 'minimum':
    case 'maximum':
      return {
        path,
        atKey: false,
        message: `must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`,
      };
    case 'minItems':
      return {
        path,
        atKey: false,
        message: `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`,
      };
    default:
      return { path, atKey: false, message: custom ?? error.message ?? 'is not valid' };
  }
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

function article(type: string): string {
  const word = type === 'object' ? 'mapping' : type === 'array' ? 'list' : type;
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describeType(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'number') return Number.isInteger(data) ? 'an integer' : 'a number';
  return article(typeof data);
}
