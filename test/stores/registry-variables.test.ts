// The store registry's list of environment variables matches what each store folder's code reads: every
// `env['NAME']` (or `*_ENV = 'NAME'`) in src/stores/<type>/ is listed for that type, and nothing else is.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeTypes, storeVariables } from '../../src/stores/registry.js';

const root = join(import.meta.dirname, '..', '..', 'src', 'stores');

async function variablesRead(type: string): Promise<string[]> {
  const found = new Set<string>();
  for (const file of (await readdir(join(root, type))).filter((f) => f.endsWith('.ts'))) {
    const text = await readFile(join(root, type, file), 'utf8');
    for (const m of text.matchAll(/env\[['"]([A-Z][A-Z0-9_]*)['"]\]|_ENV = '([A-Z][A-Z0-9_]*)'/g))
      found.add(m[1] ?? m[2] ?? '');
  }
  return [...found].sort();
}

describe('store registry variables', () => {
  it.each(storeTypes())('%s lists exactly the variables its folder reads', async (type) => {
    const listed = (storeVariables.get(type) ?? []).map((v) => v.name).sort();
    expect(listed).toEqual(await variablesRead(type));
  });

  it('covers every registered store type', () => {
    expect([...storeVariables.keys()].sort()).toEqual(storeTypes());
  });
});
