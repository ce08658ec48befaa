// Bad configuration through the real terraform: wrong types, unknown attributes, invalid values, missing
// credentials and an unreachable key API each end in a clear diagnostic, and the provider never crashes.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terraformWorkspace, type TerraformResult, type TerraformWorkspace } from './support/terraform-cli.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function expectNoCrash(result: TerraformResult): void {
  const all = result.stdout + result.stderr;
  expect(all).not.toMatch(/plugin crashed|panic:|unexpected EOF|Plugin did not respond|at .*\.(ts|mjs|js):\d+/);
}

describe('terraform with bad keyward configuration', { timeout: 180_000 }, () => {
  let tf: TerraformWorkspace;
  let url: string;

  beforeAll(async () => {
    tf = await terraformWorkspace();
    url = `http://127.0.0.1:${await closedPort()}`;
    await tf.writeConfig(`provider "keyward" {\n  url = "${url}"\n  api_key = "not-a-real-key"\n}\n`);
    const init = await tf.run(['init', '-input=false', '-no-color']);
    expect(init.stdout + init.stderr).toContain('Terraform has been successfully initialized');
    expect(init.code).toBe(0);
  });
  afterAll(async () => tf.close());

  const provider = () => `provider "keyward" {\n  url = "${url}"\n  api_key = "not-a-real-key"\n}\n`;

  it('reports wrong types and unknown attributes', async () => {
    await tf.writeConfig(`${provider()}
resource "keyward_api_key" "a" {
  service_user = "u"
  name         = "deploy"
  generation   = "two"
  colour       = "red"
}
`);
    const result = await tf.run(['validate', '-no-color']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unsupported argument');
    expect(result.stderr).toContain('colour');
    expect(result.stderr).toContain('Incorrect attribute value type');
    expectNoCrash(result);
  });

  it("reports keyward's own validation with the attribute it is about", async () => {
    await tf.writeConfig(`${provider()}
resource "keyward_api_key" "a" {
  service_user = "u"
  name         = "deploy"
  state        = "on"
  expires_in   = "soon"
}
`);
    const result = await tf.run(['validate', '-no-color']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid state');
    expect(result.stderr).toContain('state must be "enabled" or "disabled"; got "on"');
    expect(result.stderr).toContain('Invalid expires_in');
    expect(result.stderr).toMatch(/main\.tf line \d+/);
    expectNoCrash(result);
  });

  it('reports an unreachable key API as a diagnostic naming the call', async () => {
    await tf.writeConfig(`${provider()}
data "keyward_api_keys" "all" {}
`);
    const result = await tf.run(['plan', '-no-color', '-input=false']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Listing API keys failed');
    expect(result.stderr).toMatch(/key service unavailable/);
    expect(result.stderr).toContain('Check the provider');
    expectNoCrash(result);
  });

  it('reports a missing API key and an unknown driver', async () => {
    await tf.writeConfig(`provider "keyward" {\n  url = "${url}"\n}\ndata "keyward_api_keys" "all" {}\n`);
    const missing = await tf.run(['plan', '-no-color', '-input=false']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot configure the keyward provider');
    expect(missing.stderr).toContain('KEYWARD_API_KEY');
    expectNoCrash(missing);

    await tf.writeConfig(`provider "keyward" {\n  driver = "vault"\n}\ndata "keyward_api_keys" "all" {}\n`);
    const driver = await tf.run(['plan', '-no-color', '-input=false']);
    expect(driver.code).toBe(1);
    expect(driver.stderr).toContain('driver "vault" is not one of: infoblox, keyward');
    expectNoCrash(driver);
  });

  it('refuses to run outside terraform with a message for people', async () => {
    const { spawnSync } = await import('node:child_process');
    const direct = spawnSync(tf.provider.executable, [], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    expect(direct.status).toBe(1);
    expect(direct.stdout).toBe('');
    expect(direct.stderr).toContain('is a Terraform plugin');
  });
});
