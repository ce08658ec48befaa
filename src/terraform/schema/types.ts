// keyward's own model of a Terraform schema (provider, resources, data sources) and the conform step
// that gives every object all of its attributes (null where unset), as Terraform requires. No I/O.
import { defineField } from '../../kernel/plain-field.js';
import { isObject, isUnknown, UNKNOWN, type TfObject, type TfValue } from '../values/value.js';

/** cty type constraints, in Terraform's JSON type notation. */
export type CtyType =
  | 'string'
  | 'number'
  | 'bool'
  | readonly ['list' | 'set' | 'map', CtyType]
  | readonly ['object', { readonly [name: string]: CtyType }];

interface AttributeSchema {
  readonly name: string;
  readonly type: CtyType;
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly writeOnly?: boolean;
}

interface NestedBlockSchema {
  readonly typeName: string;
  /** keyward uses only single nesting: the block is absent (null) or one object. */
  readonly nesting: 'single';
  readonly block: BlockSchema;
}

export interface BlockSchema {
  readonly description: string;
  readonly attributes: readonly AttributeSchema[];
  readonly blockTypes?: readonly NestedBlockSchema[];
}

export interface Schema {
  readonly version: number;
  readonly block: BlockSchema;
}

/**
 * The value shaped by the block: every attribute and block key present (null when missing),
 * keys not in the schema dropped, unknowns kept.
 */
export function conform(block: BlockSchema, value: TfValue | undefined): TfObject | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) return null;
  const out: Record<string, TfValue> = {};
  for (const attribute of block.attributes) out[attribute.name] = conformType(attribute.type, value[attribute.name]);
  for (const nested of block.blockTypes ?? []) {
    const inner = value[nested.typeName];
    out[nested.typeName] = isUnknown(inner) ? UNKNOWN : conform(nested.block, inner);
  }
  return out;
}

function conformType(type: CtyType, value: TfValue | undefined): TfValue {
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return UNKNOWN;
  if (typeof type === 'string') return value;
  const [kind, inner] = type;
  if (kind === 'object') {
    if (!isObject(value)) return null;
    const out: Record<string, TfValue> = {};
    for (const [name, attrType] of Object.entries(inner)) out[name] = conformType(attrType, value[name]);
    return out;
  }
  if (kind === 'map') {
    if (!isObject(value)) return null;
    const out: Record<string, TfValue> = {};
    for (const [name, item] of Object.entries(value)) defineField(out, name, conformType(inner, item));
    return out;
  }
  if (!Array.isArray(value)) return null;
  return (value as readonly TfValue[]).map((item) => conformType(inner, item));
}
