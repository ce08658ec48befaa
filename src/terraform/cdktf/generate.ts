// Regenerates the committed CDKTF bindings: `npx tsx src/terraform/cdktf/generate.ts [out-dir]`
// (default src/terraform/generated). Only this script writes that folder; it never edits anything else.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBindings, writeBindings } from './bindings.js';
import { readProviderSchema } from './provider-schema.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** Where the committed bindings live. */
export const BINDINGS_DIR = resolve(REPO_ROOT, 'src', 'terraform', 'generated');

/** Packages the provider, reads its schema with terraform, and writes the bindings to outDir. */
export async function generateBindings(outDir: string = BINDINGS_DIR): Promise<readonly string[]> {
  const schema = await readProviderSchema();
  const files = await renderBindings(schema);
  await writeBindings(files, outDir);
  return [...files.keys()];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? BINDINGS_DIR);
  // @cdktf/commons runs `terraform version` when loaded; keep that call off the network too.
  process.env['CHECKPOINT_DISABLE'] ??= '1';
  try {
    const written = await generateBindings(outDir);
    process.stderr.write(`wrote ${written.length} files to ${outDir}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
