// Fuzz: random YAML manifests through the core loader's stages (parse, check) with one compiled schema, as
// loadManifests runs them per file (it compiles the schema per call, too slow for thousands). Never throws, and no
// problem it reports repeats a secret written in the manifest.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../src/core/manifest/check-document.js';
import { manifestValidator, type ManifestProblem } from '../../../src/core/manifest/index.js';
import { parseManifestText } from '../../../src/core/manifest/yaml-documents.js';
import { RUNS, SEED } from './support/fuzz-world.js';

const SECRET = '5ec7e7'.repeat(10) + '0bad';
const KEYS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'provider',
  'driver',
  'url',
  'stores',
  'type',
  'repository',
  'defaults',
  'expiresIn',
  'rotateBefore',
  'overlap',
  'serviceUsers',
  'groups',
  'keys',
  'generation',
  'secret',
  'store',
  'state',
  'prune',
  'expiresAt',
  'token',
  'apiKey',
];

const validate = manifestValidator();

describe('fuzz: manifests', () => {
  const load = (yaml: string): ManifestProblem[] => {
    const parsed = parseManifestText(yaml, 'm.yaml');
    const said = [...parsed.problems];
    for (const doc of parsed.documents) {
      const checked = checkDocument(doc, validate, { SET: 'v' });
      said.push(...checked.errors, ...checked.warnings);
    }
    return said;
  };

  it(`loads ${RUNS} random manifests without throwing or repeating a secret`, () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(SECRET),
      fc.constantFrom(
        'keyward.dev/v1',
        'ServiceUsers',
        'keyward',
        '90d',
        '14d',
        '2026-02-30T00:00:00Z',
        `\${${SECRET}}`,
        'enabled',
      ),
    );
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('tree'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom(...KEYS), tie('tree'), { maxKeys: 5 }),
      ),
    }));
    const text = fc.oneof(
      { weight: 4, arbitrary: tree.map((t) => stringify(t)) },
      { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
      {
        weight: 1,
        arbitrary: fc
          .array(fc.constantFrom('a: &x [1]', '- *x', '---', 'key: |', `  ${SECRET}`, '{', ': :', '\t'), {
            maxLength: 6,
          })
          .map((ls) => ls.join('\n')),
      },
    );
    fc.assert(
      fc.property(text, (yaml) => {
        const said = JSON.stringify(load(yaml));
        expect(said.includes(SECRET.slice(20, 40)), said.slice(0, 300)).toBe(false);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
