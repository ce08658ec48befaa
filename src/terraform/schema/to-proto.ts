// Turns keyward's schema model into tfplugin6 Schema messages (types as JSON bytes).
// Pure mapping; must keep descriptions free of example secrets.
import type { BlockSchema, Schema } from './types.js';

interface ProtoAttribute {
  name: string;
  type: Buffer;
  description: string;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  write_only: boolean;
  description_kind: 'PLAIN';
}

interface ProtoBlock {
  version: number;
  attributes: ProtoAttribute[];
  block_types: { type_name: string; block: ProtoBlock; nesting: 'SINGLE'; min_items: number; max_items: number }[];
  description: string;
  description_kind: 'PLAIN';
}

export interface ProtoSchema {
  version: number;
  block: ProtoBlock;
}

function blockToProto(block: BlockSchema, version = 0): ProtoBlock {
  return {
    version,
    description: block.description,
    description_kind: 'PLAIN',
    attributes: block.attributes.map((attribute) => ({
      name: attribute.name,
      type: Buffer.from(JSON.stringify(attribute.type)),
      description: attribute.description,
      required: attribute.required === true,
      optional: attribute.optional === true,
      computed: attribute.computed === true,
      sensitive: attribute.sensitive === true,
      write_only: attribute.writeOnly === true,
      description_kind: 'PLAIN',
    })),
    block_types: (block.blockTypes ?? []).map((nested) => ({
      type_name: nested.typeName,
      block: blockToProto(nested.block),
      nesting: 'SINGLE',
      min_items: 0,
      max_items: 0,
    })),
  };
}

export function schemaToProto(schema: Schema): ProtoSchema {
  return { version: schema.version, block: blockToProto(schema.block, schema.version) };
}
