// The committed validator (generated/validate-manifest.ts) is what schema-standalone.ts writes from
// schemas/manifest.schema.json, and it judges manifests exactly as ajv compiling the schema now would.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { GENERATED_VALIDATOR, renderManifestValidator } from '../../../src/core/manifest/schema-standalone.js';
import { compileManifestSchema } from '../../../src/core/manifest/schema-ajv.js';
import { translateSchemaErrors } from '../../../src/core/manifest/schema-errors.js';
import { manifestValidator, readManifestSchema } from '../../../src/core/manifest/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/manifests/', import.meta.url));

/** Every document of every fixture manifest (valid and broken) that YAML can read, as plain data. */
async function fixtureDocuments(): Promise<unknown[]> {
  const files = (await readdir(fixtures, { recursive: true })).filter((f) => /\.ya?ml$/.test(f));
  const documents: unknown[] = [];
  for (const file of files) {
    const text = await readFile(join(fixtures, file), 'utf8').catch(() => '');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) continue;
      try {
        documents.push(doc.toJS({ maxAliasCount: 100 }));
      } catch {
        // An alias bomb or the like: the loader refuses it before any schema check.
      }
    }
  }
  return documents;
}

describe('the committed manifest validator', () => {
  it('is what schema-standalone.ts generates from schemas/manifest.schema.json (run it after a schema change)', async () => {
    expect(await readFile(GENERATED_VALIDATOR, 'utf8')).toBe(await renderManifestValidator());
  });

  it('gives the same verdict, errors and messages as the schema compiled now, for every fixture document', async () => {
    const compiled = compileManifestSchema(await readManifestSchema());
    const committed = manifestValidator();
    const documents = await fixtureDocuments();
    expect(documents.length).toBeGreaterThan(20);
    let invalid = 0;
    for (const doc of documents) {
      const verdict = committed(doc);
      const errors = committed.errors ?? null;
      expect(verdict).toBe(compiled(doc));
      expect(errors).toEqual(compiled.errors ?? null);
      // The messages people read are found by the failing rule's place in the schema: the same for both.
      expect(translateSchemaErrors(errors ?? [], new Set(), committed.schema)).toEqual(
        translateSchemaErrors(compiled.errors ?? [], new Set(), compiled.schema),
      );
      if (!verdict) invalid++;
    }
    expect(invalid).toBeGreaterThan(5);
  });

  it('carries the schema it checks against, as a compiled validator does', async () => {
    expect(manifestValidator().schema).toEqual(await readManifestSchema());
  });
});
