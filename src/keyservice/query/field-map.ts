// Describes, per list endpoint, which public field names a filter or sort may use and the SQL behind each.
// The `sql` strings are trusted code written by the endpoint author; user text never reaches them.

/** How a field's values are checked and compared. */
type FieldType = 'string' | 'enum' | 'time' | 'number' | 'boolean';

export interface FieldSpec {
  /** A trusted SQL expression, e.g. `k.name`. `time` fields must be timestamptz; string/enum are compared as text. */
  readonly sql: string;
  readonly type: FieldType;
  /** For `enum`: the allowed values (==, != and := check against them). */
  readonly values?: readonly string[];
  /**
   * Optional: maps a filter string to its stored form before ==, != and := compare it (e.g. strips an
   * `identity/users/` prefix). `~` patterns are never normalized.
   */
  readonly normalize?: (value: string) => string;
}

/** Public field name → how to filter and sort by it. */
export type FieldMap = Readonly<Record<string, FieldSpec>>;

/** The spec for `name`, own properties only (so `__proto__` or `constructor` are never fields). */
export function lookupField(fields: FieldMap, name: string): FieldSpec | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** The field names, sorted, for "allowed: ..." messages. */
export function fieldNames(fields: FieldMap): string {
  return Object.keys(fields).sort().join(', ');
}
