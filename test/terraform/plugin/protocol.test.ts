// The committed protocol.json is exactly what protocol-json.ts compiles from the .proto files, and the service
// definitions loaded from it keep @grpc/proto-loader's message conventions (enums by name, oneof selectors, int64s as
// numbers) that the handlers are written against.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol, PROTOCOL_JSON } from '../../../src/terraform/plugin/protocol.js';
import { PROTO_DIR, renderProtocolJson } from '../../../src/terraform/plugin/protocol-json.js';

describe('protocol.json', () => {
  it('is what protocol-json.ts compiles from the .proto files', async () => {
    expect(await readFile(join(PROTO_DIR, PROTOCOL_JSON), 'utf8')).toBe(await renderProtocolJson());
  });

  it('defines every rpc of the .proto files under its gRPC path', async () => {
    const services = loadProtocol(PROTO_DIR);
    const rpcs = [...(await readFile(join(PROTO_DIR, 'tfplugin6.proto'), 'utf8')).matchAll(/^\s*rpc (\w+)\(/gm)];
    expect(Object.keys(services.provider).sort()).toEqual(rpcs.map((m) => m[1]).sort());
    expect(services.provider['PlanResourceChange']?.path).toBe('/tfplugin6.Provider/PlanResourceChange');
    expect(services.controller['Shutdown']?.path).toBe('/plugin.GRPCController/Shutdown');
    expect(services.health['Check']?.path).toBe('/grpc.health.v1.Health/Check');
  });

  it('round-trips a reply with enum names, oneof selectors and bytes', () => {
    const plan = loadProtocol(PROTO_DIR).provider['PlanResourceChange'];
    if (!plan) throw new Error('no PlanResourceChange');
    const reply = {
      planned_state: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0x01]) },
      requires_replace: [{ steps: [{ attribute_name: 'name' }, { element_key_int: 3 }] }],
      diagnostics: [{ severity: 'ERROR', summary: 'bad', detail: 'worse' }],
    };
    expect(plan.responseDeserialize(plan.responseSerialize(reply))).toEqual({
      planned_state: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0x01]) },
      requires_replace: [
        {
          steps: [
            { attribute_name: 'name', selector: 'attribute_name' },
            { element_key_int: 3, selector: 'element_key_int' },
          ],
        },
      ],
      diagnostics: [{ severity: 'ERROR', summary: 'bad', detail: 'worse' }],
    });
  });
});
