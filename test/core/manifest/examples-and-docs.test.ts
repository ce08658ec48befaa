// Every manifest the project shows people loads: examples/ (demo and one per store type), every other keyward
// manifest under examples/, and the YAML in docs/manifest.md (which holds the DESIGN.md example). Each declared
// store is also built by the store registry, so the schema and the stores agree on what a config is.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatProblems, loadManifests, manifestValidator } from '../../../src/core/manifest/index.js';
import { createStore } from '../../../src/stores/registry.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const baseEnv = { HOME: '/home/example', GITHUB_TOKEN: 'test-token-not-real', VAULT_TOKEN: 'test-token-not-real' };

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name.startsWith('.') || e.name === 'node_modules' ? [] : yamlFilesUnder(full);
      return /\.ya?ml$/i.test(e.name) ? [full] : [];
    }),
  );
  return nested.flat().sort();
}

async function loadAndBuildStores(paths: string[], env: Record<string, string>): Promise<number> {
  const result = await loadManifests(paths, { env, cwd: root });
  if (!result.ok) throw new Error(formatProblems(result.problems));
  let stores = 0;
  for (const scope of result.model.scopes) {
    for (const [name, config] of Object.entries(scope.stores)) {
      const store = createStore(name, config, { env, baseDir: path.dirname(path.resolve(root, scope.file)) });
      expect(store.type).toBe(config.type);
      stores++;
    }
  }
  return stores;
}

describe('examples', () => {
  it('the demo manifests load with a generated recipient, several users and keys, all in one file store', async () => {
    const recipient = await identityToRecipient(await generateIdentity());
    const env = { ...baseEnv, KEYWARD_DEMO_RECIPIENT: recipient };
    const result = await loadManifests(['examples/demo'], { env, cwd: root });
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.warnings).toEqual([]);
    const users = result.model.scopes.flatMap((s) => s.serviceUsers);
    expect(users.length).toBeGreaterThanOrEqual(3);
    expect(users.flatMap((u) => u.keys).length).toBeGreaterThanOrEqual(5);
    for (const scope of result.model.scopes) {
      expect(Object.values(scope.stores)).toEqual([{ type: 'file', path: 'secrets.age', recipients: [recipient] }]);
    }
    expect(await loadAndBuildStores(['examples/demo'], env)).toBe(result.model.scopes.length);
  });

  it('examples/manifests has one manifest per store type, each loading and building its stores', async () => {
    const files = await yamlFilesUnder(path.join(root, 'examples/manifests'));
    const types = new Set<string>();
    for (const file of files) {
      const result = await loadManifests([file], { env: baseEnv, cwd: root });
      if (!result.ok) throw new Error(formatProblems(result.problems));
      result.model.scopes.forEach((s) => Object.values(s.stores).forEach((c) => types.add(c.type)));
    }
    expect([...types].sort()).toEqual(['exec', 'file', 'github', 'vault']);
    expect(await loadAndBuildStores(files, baseEnv)).toBeGreaterThanOrEqual(4);
  });

  it('every keyward manifest anywhere under examples/ loads', async () => {
    const recipient = await identityToRecipient(await generateIdentity());
    const env = { ...baseEnv, KEYWARD_DEMO_RECIPIENT: recipient, KEYWARD_AGE_RECIPIENT: recipient };
    const manifests: string[] = [];
    for (const file of await yamlFilesUnder(path.join(root, 'examples'))) {
      if ((await readFile(file, 'utf8')).includes('apiVersion: keyward.dev/v1')) manifests.push(file);
    }
    expect(manifests.length).toBeGreaterThanOrEqual(6);
    // Example sets are independent of each other (two may both define a `payments` scope), so each file loads alone.
    for (const file of manifests) {
      const result = await loadManifests([file], { env, cwd: root });
      if (!result.ok) throw new Error(formatProblems(result.problems));
    }
  });
});

describe('docs/manifest.md', () => {
  it('every complete manifest in it is valid, including the DESIGN.md example', async () => {
    const markdown = await readFile(path.join(root, 'docs/manifest.md'), 'utf8');
    const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const manifests = blocks.filter((b) => b.includes('apiVersion:'));
    expect(manifests.length).toBeGreaterThanOrEqual(1);
    expect(manifests[0]).toContain('name: payments-deployer');
    const validate = manifestValidator();
    for (const block of manifests) {
      expect(validate(parse(block)), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});
