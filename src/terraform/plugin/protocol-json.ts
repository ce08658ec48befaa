// Compiles the .proto files of src/terraform/proto into protocol.json, which the provider loads at start-up instead
// of parsing .proto text: `npx tsx src/terraform/plugin/protocol-json.ts`. Writes only that one file.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import protobuf from 'protobufjs';
import { PROTOCOL_JSON } from './protocol.js';

/** The committed .proto files and their compiled form. */
export const PROTO_DIR = fileURLToPath(new URL('../proto/', import.meta.url));
const PROTO_FILES = ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'];

/** The protocol compiled from the .proto files in `protoDir`, field names kept as written (the handlers' names). */
function compileProtocol(protoDir: string = PROTO_DIR): protobuf.INamespace {
  const root = new protobuf.Root();
  root.loadSync(
    PROTO_FILES.map((file) => join(protoDir, file)),
    { keepCase: true },
  );
  root.resolveAll();
  return root.toJSON();
}

/** protocol.json's text, formatted as the repository's prettier settings want it. */
export async function renderProtocolJson(protoDir: string = PROTO_DIR): Promise<string> {
  const target = join(protoDir, PROTOCOL_JSON);
  return format(JSON.stringify(compileProtocol(protoDir)), { ...(await resolveConfig(target)), filepath: target });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(join(PROTO_DIR, PROTOCOL_JSON), await renderProtocolJson());
  process.stderr.write(`wrote ${join(PROTO_DIR, PROTOCOL_JSON)}\n`);
}
