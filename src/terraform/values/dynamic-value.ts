// Encodes and decodes tfplugin6 DynamicValue payloads (msgpack, or JSON for raw state) with unknown values.
// Must never turn objects into Maps or Records of other shapes: Terraform needs plain msgpack maps with string keys.
import { Decoder, Encoder, ExtensionCodec } from '@msgpack/msgpack';
import { defineField } from '../../kernel/plain-field.js';
import { isUnknown, UNKNOWN, type TfValue } from './value.js';

/** cty's msgpack extension for an unknown value, and for an unknown value carrying refinements. */
const UNKNOWN_EXT = 0;
const REFINED_UNKNOWN_EXT = 12;

function makeCodec(): ExtensionCodec {
  const codec = new ExtensionCodec();
  codec.register({
    type: UNKNOWN_EXT,
    encode: (input) => (isUnknown(input) ? new Uint8Array([0]) : null),
    decode: () => UNKNOWN,
  });
  codec.register({ type: REFINED_UNKNOWN_EXT, encode: () => null, decode: () => UNKNOWN });
  return codec;
}

export interface DynamicValueMessage {
  msgpack?: Uint8Array | Buffer;
  json?: Uint8Array | Buffer;
}

export interface ValueCodec {
  decode(message: DynamicValueMessage | null | undefined): TfValue;
  encode(value: TfValue): { msgpack: Buffer };
}

/**
 * A codec instance: one msgpack encoder and decoder reused for every message (each keeps a scratch buffer; a call
 * made while another is running gets a clone), and the immutable extension table.
 */
export function createValueCodec(): ValueCodec {
  const extensionCodec = makeCodec();
  const encoder = new Encoder({ extensionCodec, ignoreUndefined: false });
  const decoder = new Decoder({ extensionCodec });
  return {
    decode(message) {
      if (!message) return null;
      if (message.msgpack && message.msgpack.length > 0) return normalise(decoder.decode(message.msgpack));
      if (message.json && message.json.length > 0) {
        return normalise(JSON.parse(Buffer.from(message.json).toString('utf8')) as unknown);
      }
      return null;
    },
    encode(value) {
      const bytes = encoder.encode(value); // a fresh copy, not a view of the encoder's buffer
      return { msgpack: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    },
  };
}

/** Narrows decoded data to TfValue: binary or exotic values are refused rather than passed on. */
function normalise(raw: unknown): TfValue {
  if (raw === null || raw === undefined) return null;
  if (isUnknown(raw)) return UNKNOWN;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (Array.isArray(raw)) return raw.map((item) => normalise(item));
  if (typeof raw === 'object' && !(raw instanceof Uint8Array)) {
    const out: Record<string, TfValue> = {};
    const record = raw as Record<string, unknown>;
    for (const key in record) if (Object.hasOwn(record, key)) defineField(out, key, normalise(record[key]));
    return out;
  }
  throw new TypeError(`unsupported value in DynamicValue: ${typeof raw}`);
}
