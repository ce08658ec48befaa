// Prepares the demo's world in a fresh temp directory: manifests copied from examples/demo (which declare their
// groups) and an age identity. Everything lives under one directory the demo prints at the end.
import { mkdtemp, mkdir, readdir, copyFile, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { formatIdentityFile, generateAgeIdentity } from '../../stores/file/index.js';
import { bumpGenerationsInText } from '../../core/manifest/edit-generation.js';

export interface DemoDir {
  readonly root: string;
  readonly manifests: string;
  readonly data: string;
  readonly identityFile: string;
  readonly recipient: string;
  /** The admin key of the demo's key service: kept in memory and passed by environment only, never printed. */
  readonly adminKey: string;
}

export async function prepareDemoDir(examplesDir: string, now: Date): Promise<DemoDir> {
  const root = await mkdtemp(join(tmpdir(), 'keyward-demo-'));
  const manifests = join(root, 'manifests');
  await mkdir(manifests);
  for (const name of (await readdir(examplesDir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    await copyFile(join(examplesDir, name), join(manifests, name));
  }
  const generated = await generateAgeIdentity();
  const identityFile = join(root, 'identity.txt');
  await writeFile(identityFile, formatIdentityFile(generated, now), { mode: 0o600 });
  return {
    root,
    manifests,
    data: join(root, 'data'),
    identityFile,
    recipient: generated.recipient,
    adminKey: randomBytes(32).toString('hex'),
  };
}

/** Bumps `generation` of one key in a manifest file, keeping comments and layout (what a rotation PR does). */
export async function bumpGeneration(file: string, serviceUser: string, key: string): Promise<number> {
  const bumped = bumpGenerationsInText(await readFile(file, 'utf8'), file, [{ serviceUser, key }]);
  await writeFile(file, bumped.text);
  return bumped.generations[0] ?? 2;
}
