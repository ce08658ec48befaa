// Takes one parsed document through credentials, ${ENV} substitution, the JSON Schema and the semantic checks,
// returning its scope or every problem found. Never throws on any document value.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { findCredentials } from './credentials.js';
import { substituteEnv } from './env-substitution.js';
import type { Finding } from './findings.js';
import type { RawManifest } from './manifest-types.js';
import { pointerSegments, type ManifestProblem } from './problems.js';
import { resolveScope } from './resolve-scope.js';
import { translateSchemaErrors, type SchemaFinding } from './schema-errors.js';
import type { DesiredScope } from '../desired.js';
import type { ManifestDocument } from './yaml-documents.js';

export interface CheckedDocument {
  /** Present once the document (less any invalid fields) passed the schema; usable only when there are no errors. */
  readonly scope?: DesiredScope;
  readonly errors: ManifestProblem[];
  readonly warnings: ManifestProblem[];
}

type Located = Pick<Finding, 'path' | 'message' | 'suggestion' | 'atKey'> & { readonly needle?: string };

export function checkDocument(
  doc: ManifestDocument,
  validate: ValidateFunction,
  env: Readonly<Record<string, string | undefined>>,
): CheckedDocument {
  const place = (f: Located): ManifestProblem => ({
    file: doc.file,
    ...doc.position(f.path, { key: f.atKey === true, ...(f.needle === undefined ? {} : { needle: f.needle }) }),
    path: f.path,
    message: f.message,
    ...(f.suggestion === undefined ? {} : { suggestion: f.suggestion }),
  });
  const credentials = findCredentials(doc.value);
  const substituted = substituteEnv(doc.value, env);
  const reported = new Set<string>([...credentials.map((c) => c.path), ...substituted.findings.map((f) => f.path)]);
  const errors: ManifestProblem[] = [
    ...credentials.map((c) => place({ path: c.path, message: c.message, atKey: c.isField })),
    ...substituted.findings.map(place),
  ];
  let checkable: unknown = substituted.value;
  if (!validate(substituted.value)) {
    const translated = translateSchemaErrors(validate.errors ?? [], reported, validate.schema);
    const schemaFindings = focus(translated, substituted.value);
    errors.push(...schemaFindings.map(place));
    const invalid = [...schemaFindings, ...[...reported].map((path) => ({ path }))];
    checkable = withoutInvalidFields(substituted.value, invalid, validate);
  } else if (errors.length > 0) {
    checkable = withoutInvalidFields(
      substituted.value,
      [...reported].map((path) => ({ path })),
      validate,
    );
  }
  // Semantic checks run even after schema problems, on the document without the fields those name, so one run
  // reports everything (a bad duration and an unknown store together); positions still come from the source.
  if (checkable === undefined) return { errors, warnings: [] };
  const { scope, findings } = resolveScope(checkable as RawManifest, doc);
  errors.push(...findings.filter((f) => f.severity === 'error').map(place));
  const warnings = findings.filter((f) => f.severity === 'warning').map(place);
  // The scope comes back even with errors, so cross-document checks still see its service users.
  return { scope, errors, warnings };
}

/**
 * A copy of `value` without the object fields the findings point at, when that leaves a schema-valid manifest;
 * undefined otherwise (a finding inside a list item or about a missing field cannot be dropped without a guess).
 */
type InvalidField = Pick<SchemaFinding, 'path'> & { readonly missing?: string };

function withoutInvalidFields(value: unknown, findings: readonly InvalidField[], validate: ValidateFunction): unknown {
  if (findings.some((f) => f.missing !== undefined || f.path === '')) return undefined;
  const copy = structuredClone(value);
  for (const { path } of findings) {
    const segments = pointerSegments(path);
    const last = segments.pop();
    let node: unknown = copy;
    for (const segment of segments) {
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
    if (node === null || typeof node !== 'object' || Array.isArray(node) || last === undefined) return undefined;
    delete (node as Record<string, unknown>)[last];
  }
  return validate(copy) ? copy : undefined;
}

/** A document of another format or version (a workflow file, apiVersion v2) gets one clear problem, not dozens. */
function focus(findings: SchemaFinding[], value: unknown): SchemaFinding[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return findings;
  if (!('apiVersion' in value) && !('kind' in value)) {
    return [
      {
        path: '',
        atKey: false,
        message: 'not a keyward manifest: it needs apiVersion: keyward.dev/v1 and kind: ServiceUsers',
      },
    ];
  }
  const identity = findings.filter(
    (f) => (f.path === '/apiVersion' || f.path === '/kind') && !f.message.startsWith('missing'),
  );
  return identity.length > 0 ? identity : findings;
}
