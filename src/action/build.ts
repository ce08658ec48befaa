// Bundles the Action into one file, dist/index.js (ESM for node24, dependencies inlined), as action.yml runs it.
// `npx tsx src/action/build.ts [outdir]`; deterministic, so a test can rebuild into a temp dir and compare.
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Files found at run time relative to their module (the manifest schema) are one level below the repository root in
 * dist/index.js, as in the action's checkout: rewrite those relative URLs for the bundle's location.
 */
const relocate: Plugin = {
  name: 'keyward-relocate',
  setup(b) {
    b.onLoad({ filter: /src[\\/]core[\\/]manifest[\\/]schema-file\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const moved = source.replace("'../../../schemas/manifest.schema.json'", "'../schemas/manifest.schema.json'");
      if (moved === source) throw new Error(`${args.path}: the schema URL moved; update the build's relocate plugin`);
      return { contents: moved, loader: 'ts' };
    });
  },
};

/** Builds into `outdir` (default dist/) and returns the bundle's path. */
export async function buildAction(outdir = join(ROOT, 'dist')): Promise<string> {
  const outfile = join(outdir, 'index.js');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'src', 'action', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    legalComments: 'eof',
    logLevel: 'warning',
    plugins: [relocate],
    // CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __keywardCreateRequire } from 'node:module';\nconst require = __keywardCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAction(process.argv[2] ? resolve(process.argv[2]) : undefined);
}
