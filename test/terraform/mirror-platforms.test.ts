// The provider mirror serves Linux, macOS and Windows on amd64 and arm64: `terraform init` picks this machine's
// platform, `terraform providers lock` finds a package for every served platform in the same mirror, and the provider
// speaks go-plugin's TCP transport (the one it uses on Windows) to the real terraform.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherFileName, PLATFORMS } from '../../src/terraform/package.js';
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
      expect(files).toEqual(expect.arrayContaining([launcherFileName(platform, tf.provider.version), 'provider.mjs']));
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

  it('talks to terraform over TCP, the transport it uses on Windows', async () => {
    const validate = await tf.run(['validate', '-no-color'], { KEYWARD_PLUGIN_NETWORK: 'tcp', TF_LOG: 'debug' });
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('The configuration is valid.');
    // The provider's own log line (terraform relays it at debug level): a port in go-plugin's range, not a socket.
    expect(validate.stderr).toMatch(/serving on tcp 127\.0\.0\.1:(\d+) with mutual TLS/);
    expect(validate.stderr).toContain('using plugin: version=6');
  });
});
