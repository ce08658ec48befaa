// Loads keyward's gRPC protocol (tfplugin6 subset, go-plugin controller, health) into gRPC service definitions, from
// protocol.json: the .proto files compiled by protocol-json.ts. Never changes field numbers at run time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs/light.js';

export interface ProtocolServices {
  readonly provider: grpc.ServiceDefinition;
  readonly controller: grpc.ServiceDefinition;
  readonly health: grpc.ServiceDefinition;
}

/** The compiled protocol's file name inside the proto directory. */
export const PROTOCOL_JSON = 'protocol.json';

/** The message shapes handlers see: @grpc/proto-loader's conventions (int64 as numbers, enums as names). */
const CONVERSION: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: false, oneofs: true };

type Message = Record<string, unknown>;

/**
 * One method's definition. Types are resolved, and protobufjs generates their codecs, on a method's first call:
 * a provider process serves a handful of the protocol's methods, and every process starts with this work.
 */
function methodDefinition(serviceName: string, method: protobuf.Method): grpc.MethodDefinition<Message, Message> {
  const types = (): { request: protobuf.Type; response: protobuf.Type } => {
    method.resolve();
    if (!method.resolvedRequestType || !method.resolvedResponseType)
      throw new Error(`protocol method ${serviceName}.${method.name} has unresolved message types`);
    return { request: method.resolvedRequestType, response: method.resolvedResponseType };
  };
  const serialize = (type: protobuf.Type, value: Message): Buffer => {
    const bytes = type.encode(type.fromObject(value)).finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  const deserialize = (type: protobuf.Type, bytes: Buffer): Message => type.toObject(type.decode(bytes), CONVERSION);
  return {
    path: `/${serviceName}/${method.name}`,
    requestStream: method.requestStream === true,
    responseStream: method.responseStream === true,
    requestSerialize: (value) => serialize(types().request, value),
    requestDeserialize: (bytes) => deserialize(types().request, bytes),
    responseSerialize: (value) => serialize(types().response, value),
    responseDeserialize: (bytes) => deserialize(types().response, bytes),
  };
}

function service(root: protobuf.Root, name: string): grpc.ServiceDefinition {
  const found = root.lookupService(name);
  return Object.fromEntries(found.methodsArray.map((method) => [method.name, methodDefinition(name, method)]));
}

/** Reads protocol.json from `protoDir`. */
export function loadProtocol(protoDir: string): ProtocolServices {
  const json = JSON.parse(readFileSync(join(protoDir, PROTOCOL_JSON), 'utf8')) as protobuf.INamespace;
  const root = protobuf.Root.fromJSON(json);
  return {
    provider: service(root, 'tfplugin6.Provider'),
    controller: service(root, 'plugin.GRPCController'),
    health: service(root, 'grpc.health.v1.Health'),
  };
}
