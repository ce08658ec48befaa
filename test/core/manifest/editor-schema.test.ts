// schemas/manifest.schema.json as editors use it: it compiles under Ajv's full strict mode with no custom keyword,
// and every example manifest and every manifest (or stores block) in README.md and docs/*.md validates as written,
// `${VAR}` and all, the way yaml-language-server checks a file (YAML 1.2 core, standard formats, no substitution).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { readManifestSchema } from '../../../src/core/manifest/index.js';
import { SCHEMA_MESSAGES, schemaPointers } from '../../../src/core/manifest/schema-messages.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

/** A standard validator: Ajv 2020-12, every strict check on (keywords, types, tuples, required), all formats. */
function standardValidator(schema: object, warnings: string[]): ValidateFunction {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    logger: { log: () => undefined, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) },
  });
  addFormats(ajv);
  return ajv.compile(schema);
}

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      out.push(...(await yamlFiles(full)));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

const HEAD =
  'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: docs }\n' +
  'provider: { driver: keyward }\nserviceUsers: []\n';

/** Manifests shown in Markdown: complete ones as they are, `stores:` blocks inside a minimal manifest. */
async function docManifests(): Promise<{ where: string; text: string }[]> {
  const files = [
    'README.md',
    ...(await readdir(path.join(root, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ];
  const out: { where: string; text: string }[] = [];
  for (const file of files) {
    const markdown = await readFile(path.join(root, file), 'utf8');
    for (const [i, match] of [...markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)].entries()) {
      const block = match[1] ?? '';
      // `age1...` is an elided value in prose, not something a person would save as a manifest.
      if (block.includes('...')) continue;
      if (block.includes('apiVersion: keyward.dev/v1')) out.push({ where: `${file} block ${i + 1}`, text: block });
      else if (/^stores:\n/.test(block))
        out.push({ where: `${file} block ${i + 1} (stores)`, text: `${HEAD}${block}` });
    }
  }
  return out;
}

let schema: object;
let validate: ValidateFunction;
const warnings: string[] = [];
beforeAll(async () => {
  schema = await readManifestSchema();
  validate = standardValidator(schema, warnings);
});

describe('the manifest schema under a standard validator', () => {
  it('compiles in full strict mode without a warning and uses no keyword outside JSON Schema 2020-12', () => {
    expect(warnings).toEqual([]);
    expect(JSON.stringify(schema)).not.toMatch(/"x-[a-z-]+"\s*:/);
  });

  it('every example manifest validates as written (with ${VAR} references unsubstituted)', async () => {
    const manifests: string[] = [];
    for (const file of await yamlFiles(path.join(root, 'examples'))) {
      const text = await readFile(file, 'utf8');
      if (!text.includes('apiVersion: keyward.dev/v1')) continue;
      manifests.push(file);
      // Each document of a file on its own, as yaml-language-server validates a multi-document file.
      for (const [i, doc] of parseAllDocuments(text).entries()) {
        expect(
          validate(doc.toJS()),
          `${path.relative(root, file)} document ${i + 1}: ${JSON.stringify(validate.errors)}`,
        ).toBe(true);
      }
    }
    expect(manifests.length).toBeGreaterThanOrEqual(7);
    expect(manifests.map((f) => path.relative(root, f))).toContain('examples/demo/payments.yaml');
  });

  it('every manifest and stores block in README.md and docs/*.md validates as written', async () => {
    const found = await docManifests();
    for (const { where, text } of found)
      expect(validate(parse(text)), `${where}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(found.map((f) => f.where)).toEqual(
      expect.arrayContaining(['README.md block 1', 'docs/manifest.md block 1']),
    );
    expect(found.length).toBeGreaterThanOrEqual(6);
  });

  it('accepts ${VAR} where keyward substitutes it, and still refuses a wrong literal there', () => {
    const manifest = (store: string, key = ''): unknown =>
      parse(
        `${HEAD.replace('serviceUsers: []\n', '')}stores:\n  s: ${store}\n` +
          `serviceUsers:\n  - name: u\n    keys:\n      - name: k\n${key}`,
      );
    expect(validate(manifest('{ type: file, path: x.age, recipients: ["${AGE_RECIPIENT}"] }'))).toBe(true);
    expect(validate(manifest('{ type: vault, address: "https://${VAULT_HOST}:8200", path: "apps/{name}" }'))).toBe(
      true,
    );
    expect(
      validate(manifest('{ type: github, repository: "${GITHUB_REPOSITORY}" }', '        expiresIn: ${LIFETIME}\n')),
    ).toBe(true);
    expect(validate(manifest('{ type: file, path: x.age, recipients: ["not-a-recipient"] }'))).toBe(false);
    expect(validate(manifest('{ type: github, repository: acme }', '        expiresIn: 6x\n'))).toBe(false);
    expect(validate(manifest('{ type: github, repository: acme/p }', '        expiresIn: "$HOME"\n'))).toBe(false);
  });

  it('has a plain-language message only for rules that exist in the schema', () => {
    const pointers = new Set(schemaPointers(schema).values());
    const missing = [...SCHEMA_MESSAGES.keys()].filter((p) => !pointers.has(p));
    expect(missing).toEqual([]);
    expect(SCHEMA_MESSAGES.size).toBeGreaterThanOrEqual(20);
  });
});
