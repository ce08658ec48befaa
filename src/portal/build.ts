// Bundles the portal (src/portal/web, Preact + table-core) into static files for `keyward serve` to send at `/`.
// `npx tsx src/portal/build.ts [outdir]` (default dist/portal); never inlines a secret, an env value or a source map.
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_PORTAL_DIR = join(ROOT, 'dist', 'portal');
const WEB = join(ROOT, 'src', 'portal', 'web');
/** Files this build writes; older copies (other hashes) are removed first, nothing else in the directory is touched. */
const OWN = /^(index\.html|app-[A-Z0-9]{8,}\.(js|css))$/;

/**
 * Builds index.html plus app-<hash>.js and app-<hash>.css (content-hashed, so the server may cache them for a year)
 * into `outdir` and returns the directory. Deterministic for equal sources.
 */
export async function buildPortal(outdir = DEFAULT_PORTAL_DIR): Promise<string> {
  await mkdir(outdir, { recursive: true });
  for (const name of await readdir(outdir)) if (OWN.test(name)) await rm(join(outdir, name));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: join(WEB, 'main.tsx'), 'app-style': join(WEB, 'styles.css') },
    entryNames: 'app-[hash]',
    outdir,
    bundle: true,
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    format: 'esm',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
    tsconfig: join(WEB, 'tsconfig.json'),
    // Nothing from the build machine's environment may reach the browser.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((n) => n.endsWith('.js'));
  const css = outputs.find((n) => n.endsWith('.css'));
  if (js === undefined || css === undefined)
    throw new Error(`portal build: expected one .js and one .css output, got ${outputs.join(', ')}`);
  const html = (await readFile(join(WEB, 'index.html'), 'utf8'))
    .replace('/app.css', `/${css}`)
    .replace('/app.js', `/${js}`);
  await writeFile(join(outdir, 'index.html'), html);
  return outdir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildPortal(process.argv[2] ? resolve(process.argv[2]) : undefined);
}
