// `terraform validate` with the real terraform reports every duration, date-time and secret_store problem with the
// attribute it is about, using the kernel's one time grammar and each store's own option checks; `plan` reports the
// store problems that validate could not see yet (values from variables), before any key could be created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terraformWorkspace, type TerraformWorkspace } from './support/terraform-cli.js';

const PROVIDER = `provider "keyward" {
  url     = "http://127.0.0.1:9"
  api_key = "not-a-real-key"
}
`;
const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

function key(label: string, body: string): string {
  return `resource "keyward_api_key" "${label}" {\n  service_user = "u"\n  name = "${label}"\n${body}\n}\n`;
}

/** The diagnostic blocks terraform printed, one string per `Error:` (summary, source lines and detail). */
function errorBlocks(stderr: string): string[] {
  return stderr.split(/\n(?=(?:│ )?Error: )/).filter((block) => /Error: /.test(block));
}

function blockAbout(blocks: readonly string[], resource: string): string {
  const found = blocks.filter((block) => block.includes(`keyward_api_key.${resource}`));
  expect(found, `one error about ${resource} in:\n${blocks.join('\n')}`).toHaveLength(1);
  return (found[0] ?? '').replace(/│ ?/g, '').replace(/\s+/g, ' ');
}

describe('terraform validate: durations, date-times and secret_store', { timeout: 180_000 }, () => {
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    tf = await terraformWorkspace();
    await tf.writeConfig(PROVIDER);
    const init = await tf.run(['init', '-input=false', '-no-color']);
    expect(init.code, init.stdout + init.stderr).toBe(0);
  });
  afterAll(async () => tf?.close());

  it('refuses `6m`, February 30 and every kind of store problem, each on its attribute', async () => {
    await tf.writeConfig(`${PROVIDER}
${key('six_m', '  expires_in = "6m"')}
${key('feb_30', '  expires_at = "2026-02-30T00:00:00Z"')}
${key('rotate_6m', '  rotate_before = "6m"')}
${key('manifest_units', '  expires_in = "6mo"\n  rotate_before = "1w2d"')}
${key('good_file', `  secret_store {\n    type = "file"\n    name = "K"\n    path = "s.age"\n    recipients = ["${RECIPIENT}"]\n  }`)}
${key('good_github', '  secret_store {\n    type = "github"\n    name = "K"\n    organization = "acme"\n    visibility = "selected"\n    repositories = ["payments"]\n  }')}
${key('good_vault', '  secret_store {\n    type = "vault"\n    name = "K"\n    address = "https://vault.example:8200"\n    mount = "kv"\n    path = "apps/{name}"\n    field = "key"\n    namespace = "team"\n  }')}
${key('good_exec', '  secret_store {\n    type = "exec"\n    name = "K"\n    command = ["./d.sh", "{keyId}"]\n    describe = ["./d.sh", "{name}"]\n    delete = ["./d.sh", "{name}"]\n    env = { DIR = "/tmp" }\n    timeout = "30s"\n  }')}
${key('exec_no_describe', '  secret_store {\n    type = "exec"\n    name = "K"\n    command = ["./deliver.sh", "{name}"]\n  }')}
${key('file_unknown_field', `  secret_store {\n    type = "file"\n    name = "K"\n    path = "s.age"\n    recipients = ["${RECIPIENT}"]\n    repository = "acme/app"\n  }`)}
${key('github_bad_value', '  secret_store {\n    type = "github"\n    name = "K"\n    repository = "nope"\n  }')}
${key('vault_missing_path', '  secret_store {\n    type = "vault"\n    name = "K"\n    address = "https://vault.example:8200"\n  }')}
${key('unknown_type', '  secret_store {\n    type = "s3"\n    name = "K"\n  }')}
${key('exec_bad_env', '  secret_store {\n    type = "exec"\n    name = "K"\n    command = ["./d.sh"]\n    describe = ["./d.sh"]\n    env = { KEYWARD_X = "1" }\n  }')}
ephemeral "keyward_api_key_secret" "short" {
  service_user = "u"
  name         = "ci"
  expires_in   = "10m"
}
`);
    const result = await tf.run(['validate', '-no-color']);
    expect(result.code).toBe(1);
    const blocks = errorBlocks(result.stderr);

    const sixM = blockAbout(blocks, 'six_m');
    expect(sixM).toContain('Invalid expires_in');
    expect(sixM).toContain("expires_in: '6m' is ambiguous: write 6min for minutes or 6mo for months");
    expect(blockAbout(blocks, 'rotate_6m')).toContain("rotate_before: '6m' is ambiguous");
    expect(blockAbout(blocks, 'feb_30')).toContain('expires_at: "2026-02-30T00:00:00Z" is not an RFC 3339 date-time');
    expect(blocks.filter((block) => /manifest_units|good_/.test(block))).toEqual([]);

    expect(blockAbout(blocks, 'exec_no_describe')).toMatch(
      /Invalid secret_store .*exec store "secret_store" \(secret_store\.describe\): is required/,
    );
    expect(blockAbout(blocks, 'file_unknown_field')).toContain(
      '(secret_store.repository): unknown field; file stores accept: path, recipients',
    );
    expect(blockAbout(blocks, 'github_bad_value')).toContain(
      '(secret_store.repository): must be "owner/name", such as "acme/payments"',
    );
    expect(blockAbout(blocks, 'vault_missing_path')).toContain('(secret_store.path): is required');
    expect(blockAbout(blocks, 'unknown_type')).toContain('unknown type "s3"; valid types: exec, file, github, vault');
    expect(blockAbout(blocks, 'exec_bad_env')).toContain('KEYWARD_* variables are set by keyward itself');
    const ephemeral = blocks.find((block) => block.includes('keyward_api_key_secret.short')) ?? '';
    expect(ephemeral).toContain("expires_in: '10m' is ambiguous");
    expect(blocks).toHaveLength(10);
  });

  it('reports a store problem coming from a variable at plan, before the provider is asked to create anything', async () => {
    await tf.writeConfig(`${PROVIDER}
variable "describe" {
  type    = list(string)
  default = null
}
${key('from_var', '  secret_store {\n    type = "exec"\n    name = "K"\n    command = ["./d.sh"]\n    describe = var.describe\n  }')}
`);
    const validate = await tf.run(['validate', '-no-color']);
    expect(validate.code, validate.stderr).toBe(0);
    const plan = await tf.run(['plan', '-no-color', '-input=false', '-var', 'describe=["./d.sh", "{keyId}"]']);
    expect(plan.code).toBe(1);
    const block = blockAbout(errorBlocks(plan.stderr), 'from_var');
    expect(block).toContain('Invalid secret_store');
    expect(block).toContain('(secret_store.describe[1]): unknown placeholder {keyId}');
    expect(plan.stdout).not.toContain('will be created');
  });
});
