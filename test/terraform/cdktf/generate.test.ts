// The committed CDKTF bindings are exactly what src/terraform/cdktf/generate.ts produces from the provider's
// current schema (packaged provider → terraform providers schema -json → @cdktf/provider-generator).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_HEADER, readBindings, type GeneratedFiles } from '../../../src/terraform/cdktf/bindings.js';
import { BINDINGS_DIR } from '../../../src/terraform/cdktf/generate.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'src', 'terraform', 'cdktf', 'generate.ts');

describe('generated CDKTF bindings', () => {
  let dir: string;
  let fresh: GeneratedFiles;
  let committed: GeneratedFiles;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyward-cdktf-regen-'));
    // The script as a user runs it, offline: it packages the provider and asks terraform for the schema.
    await run(process.execPath, ['--import', 'tsx', SCRIPT, join(dir, 'out')], {
      env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
    });
    fresh = await readBindings(join(dir, 'out'));
    committed = await readBindings(BINDINGS_DIR);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('match a fresh regeneration byte for byte (else run: npx tsx src/terraform/cdktf/generate.ts)', () => {
    expect([...committed.keys()]).toEqual([...fresh.keys()]);
    const differing = [...fresh].filter(([path, text]) => committed.get(path) !== text).map(([path]) => path);
    expect(differing).toEqual([]);
  });

  it('cover every resource and data source of the provider schema', () => {
    const schema = JSON.parse(fresh.get('keyward/provider-schema.json') ?? '{}') as {
      provider_schemas: Record<string, { resource_schemas: object; data_source_schemas: object }>;
    };
    const provider = schema.provider_schemas['keyward.dev/keyward/keyward'];
    expect(Object.keys(provider?.resource_schemas ?? {}).sort()).toEqual([
      'keyward_api_key',
      'keyward_group',
      'keyward_role',
      'keyward_service_user',
    ]);
    const index = fresh.get('keyward/index.ts') ?? '';
    for (const type of [
      ...Object.keys(provider?.resource_schemas ?? {}),
      ...Object.keys(provider?.data_source_schemas ?? {}),
    ]) {
      const file = [...fresh.values()].find((text) => text.includes(`tfResourceType = "${type}"`));
      expect(file, type).toBeDefined();
    }
    expect(index).toContain("export * as apiKey from './api-key/index.js';");
  });

  it('are ESM with full relative specifiers and carry the do-not-edit header', () => {
    for (const [path, text] of fresh) {
      if (!path.endsWith('.ts')) continue;
      expect(text.startsWith(GENERATED_HEADER), path).toBe(true);
      for (const [, spec] of text.matchAll(/from '(\.[^']*)'/g)) expect(spec, path).toMatch(/\/index\.js$/);
      expect(text, path).not.toMatch(/\brequire\(/);
    }
  });
});
