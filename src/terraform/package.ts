// Packages terraform-provider-keyward: a bundled provider.mjs (+ lazily loaded chunks), its .proto files, a launcher,
// and a filesystem mirror (keyward.dev/keyward/keyward/<version>/<os>_<arch>/) so `terraform init` works offline.
import { chmod, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { WINDOWS_LAUNCHER } from './launcher/build-windows-launcher.js';

export const PROVIDER_SOURCE = 'keyward.dev/keyward/keyward';
/**
 * The platforms the mirror serves. The provider is JavaScript run by Node.js: a POSIX shell launcher serves every
 * Linux and macOS machine, and an x86-64 `.exe` launcher (src/terraform/launcher) serves Windows, where Terraform
 * starts only `.exe` plugins; Windows on arm64 runs it under its x64 emulation.
 */
export const PLATFORMS = [
  'linux_amd64',
  'linux_arm64',
  'darwin_amd64',
  'darwin_arm64',
  'windows_amd64',
  'windows_arm64',
] as const;

/** The launcher's file name in a platform directory: Terraform on Windows looks for `.exe`. */
export function launcherFileName(platform: string, version: string): string {
  return `terraform-provider-keyward_v${version}${platform.startsWith('windows_') ? '.exe' : ''}`;
}

export interface PackageOptions {
  /** Output directory; the standalone provider goes to <outDir>/bin, the mirror to <outDir>/mirror. */
  readonly outDir: string;
  /** Defaults to package.json's version. */
  readonly version?: string;
  /** Node binary the launcher prefers (KEYWARD_NODE overrides it at run time); defaults to this process's. */
  readonly nodePath?: string;
}

export interface PackagedProvider {
  readonly version: string;
  /** The standalone `terraform-provider-keyward` launcher (for dev_overrides). */
  readonly executable: string;
  /** Directory for `filesystem_mirror { path = ... }`. */
  readonly mirrorDir: string;
  /** The versioned executable inside the mirror, for this machine's platform (linux_amd64 on CI). */
  readonly mirrorExecutable: string;
  /** Every platform directory of the mirror. */
  readonly platforms: readonly string[];
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..');

function launcher(nodePath: string): string {
  return [
    '#!/bin/sh',
    '# terraform-provider-keyward launcher: runs the bundled provider with Node.js 20 or later.',
    `NODE="\${KEYWARD_NODE:-${nodePath}}"`,
    '[ -x "$NODE" ] || NODE=node',
    'exec "$NODE" "$(dirname "$0")/provider.mjs" "$@"',
    '',
  ].join('\n');
}

interface BundleFile {
  readonly path: string;
  readonly contents: Uint8Array;
}

async function writeProviderDir(
  dir: string,
  executableName: string,
  files: readonly BundleFile[],
  nodePath: string,
): Promise<string> {
  await mkdir(join(dir, 'proto'), { recursive: true });
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.contents);
  }
  await cp(join(HERE, 'proto'), join(dir, 'proto'), { recursive: true });
  const executable = join(dir, executableName);
  if (executableName.endsWith('.exe')) await cp(WINDOWS_LAUNCHER, executable);
  else await writeFile(executable, launcher(nodePath));
  await chmod(executable, 0o755);
  return executable;
}

/** How the provider is bundled: one ESM file for Node 20 plus lazily loaded chunks (bench/terraform's aid uses it). */
export const PROVIDER_BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  minify: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'silent',
  banner: {
    js: "import { createRequire as __keywardRequire } from 'node:module'; const require = __keywardRequire(import.meta.url);",
  },
} as const satisfies BuildOptions;

/** Bundles src/terraform/main.ts with esbuild and lays out the launcher and the mirror. */
export async function packageProvider(options: PackageOptions): Promise<PackagedProvider> {
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const version = options.version ?? pkg.version;
  const nodePath = options.nodePath ?? process.execPath;
  const result = await build({
    ...PROVIDER_BUNDLE_OPTIONS,
    entryPoints: { provider: join(HERE, 'main.ts') },
    outdir: '/bundle',
    write: false,
  });
  const files: BundleFile[] = result.outputFiles.map((file) => ({
    path: relative('/bundle', file.path),
    contents: file.contents,
  }));
  if (!files.some((file) => file.path === 'provider.mjs'))
    throw new Error('esbuild produced no provider.mjs for src/terraform/main.ts');
  const outDir = resolve(options.outDir);
  await rm(join(outDir, 'bin'), { recursive: true, force: true });
  await rm(join(outDir, 'mirror'), { recursive: true, force: true });
  const executable = await writeProviderDir(join(outDir, 'bin'), 'terraform-provider-keyward', files, nodePath);
  const mirrorDir = join(outDir, 'mirror');
  const executables = new Map<string, string>();
  for (const platform of PLATFORMS) {
    const platformDir = join(mirrorDir, ...PROVIDER_SOURCE.split('/'), version, platform);
    executables.set(
      platform,
      await writeProviderDir(platformDir, launcherFileName(platform, version), files, nodePath),
    );
  }
  const here = `${process.platform === 'win32' ? 'windows' : process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const mirrorExecutable = executables.get(here) ?? executables.get('linux_amd64') ?? '';
  return { version, executable, mirrorDir, mirrorExecutable, platforms: [...PLATFORMS] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? join(REPO_ROOT, 'lib', 'terraform-provider');
  const packaged = await packageProvider({ outDir });
  process.stderr.write(
    `terraform-provider-keyward ${packaged.version}\n  executable: ${packaged.executable}\n  mirror: ${packaged.mirrorDir}\n`,
  );
}
