// Loads keyward's .proto files (tfplugin6 subset, go-plugin controller, health) into gRPC service definitions.
// Never changes field numbers at run time; the .proto files are the only source of the wire layout.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export interface ProtocolServices {
  readonly provider: grpc.ServiceDefinition;
  readonly controller: grpc.ServiceDefinition;
  readonly health: grpc.ServiceDefinition;
}

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: false,
  oneofs: true,
};

function service(pkg: grpc.GrpcObject, path: string[]): grpc.ServiceDefinition {
  let node: unknown = pkg;
  for (const part of path) node = (node as Record<string, unknown>)[part];
  const ctor = node as { service?: grpc.ServiceDefinition } | undefined;
  if (!ctor?.service) throw new Error(`protocol definition has no service ${path.join('.')}`);
  return ctor.service;
}

/** Reads the .proto files from `protoDir`. */
export function loadProtocol(protoDir: string): ProtocolServices {
  const definition = protoLoader.loadSync(
    [join(protoDir, 'tfplugin6.proto'), join(protoDir, 'go-plugin.proto'), join(protoDir, 'health.proto')],
    { ...LOADER_OPTIONS, includeDirs: [protoDir] },
  );
  const pkg = grpc.loadPackageDefinition(definition);
  return {
    provider: service(pkg, ['tfplugin6', 'Provider']),
    controller: service(pkg, ['plugin', 'GRPCController']),
    health: service(pkg, ['grpc', 'health', 'v1', 'Health']),
  };
}
