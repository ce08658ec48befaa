// Terraform values as the provider sees them: JSON-like data plus an "unknown" marker (known only after apply).
// Pure data helpers; never holds or prints a secret (secrets never enter a Terraform value).

/** The marker for a value Terraform (or the provider) will only know after apply. */
export class UnknownValue {
  readonly unknown = true;
  toJSON(): string {
    return '(known after apply)';
  }
}

/** The one unknown marker; frozen, so it is shared safely. */
export const UNKNOWN: UnknownValue = Object.freeze(new UnknownValue());

type TfPrimitive = string | number | boolean;
export type TfValue = null | TfPrimitive | UnknownValue | readonly TfValue[] | TfObject;
export interface TfObject {
  readonly [key: string]: TfValue;
}

export function isUnknown(value: unknown): value is UnknownValue {
  return value instanceof UnknownValue;
}

export function isObject(value: TfValue | undefined): value is TfObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

/** True when the value and everything inside it is known. */
export function isWhollyKnown(value: TfValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (isUnknown(value)) return false;
  if (Array.isArray(value)) return (value as readonly TfValue[]).every((item) => isWhollyKnown(item));
  if (isObject(value)) return Object.values(value).every((item) => isWhollyKnown(item));
  return true;
}

/** Deep equality over Terraform values; unknown equals only unknown. Lists compare in order. */
export function valuesEqual(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: TfValue, i: number) => valuesEqual(item, (b as readonly TfValue[])[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => valuesEqual(a[key], b[key]));
  }
  return a === b;
}

/** A known string or null (unknowns and other types read as null). */
export function str(obj: TfObject | null, key: string): string | null {
  const value = obj?.[key];
  return typeof value === 'string' ? value : null;
}

export function num(obj: TfObject | null, key: string): number | null {
  const value = obj?.[key];
  return typeof value === 'number' ? value : null;
}

/** A known list of strings or null. */
export function strList(obj: TfObject | null, key: string): string[] | null {
  const value = obj?.[key];
  if (!Array.isArray(value)) return null;
  return value.filter((item: TfValue): item is string => typeof item === 'string');
}

export function obj(parent: TfObject | null, key: string): TfObject | null {
  const value = parent?.[key];
  return isObject(value) ? value : null;
}
