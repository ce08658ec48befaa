// The provider mirror serves Linux and macOS on amd64 and arm64: `terraform init` picks this machine's platform, and
// `terraform providers lock` finds a package for every served platform in the same mirror.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../src/terraform/package.js';
import { terraformWorkspace, type TerraformWorkspace } from './support/terraform-cli.js';

let tf: TerraformWorkspace;

beforeAll(async () => {
  tf = await terraformWorkspace();
  await tf.writeConfig('provider "keyward" {\n  url = "http://127.0.0.1:9"\n}\n');
});

afterAll(async () => {
  await tf?.close();
});

describe('provider mirror platforms', () => {
  it('holds one directory per served platform, each with the launcher and the bundle', async () => {
    const versionDir = join(tf.provider.mirrorDir, 'keyward.dev', 'keyward', 'keyward', tf.provider.version);
    expect((await readdir(versionDir)).sort()).toEqual([...PLATFORMS].sort());
    for (const platform of PLATFORMS) {
      const files = await readdir(join(versionDir, platform));
      expect(files).toEqual(
        expect.arrayContaining([`terraform-provider-keyward_v${tf.provider.version}`, 'provider.mjs']),
      );
    }
  });

  it('terraform init installs the package of this machine, and only that one', async () => {
    const init = await tf.run(['init', '-input=false', '-no-color']);
    expect(init.code, init.stderr).toBe(0);
    const installed = await readdir(
      join(tf.dir, '.terraform', 'providers', 'keyward.dev', 'keyward', 'keyward', tf.provider.version),
    );
    expect(installed).toEqual([`${process.platform}_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`]);
  });

  it('terraform providers lock finds every served platform in the mirror', async () => {
    const platforms = PLATFORMS.flatMap((p) => ['-platform', p]);
    const lock = await tf.run(['providers', 'lock', '-no-color', `-fs-mirror=${tf.provider.mirrorDir}`, ...platforms]);
    expect(lock.code, lock.stderr).toBe(0);
    for (const platform of PLATFORMS) expect(lock.stdout).toContain(platform);
  });
});
