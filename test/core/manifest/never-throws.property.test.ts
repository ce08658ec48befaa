// Property: whatever text a manifest file holds, parsing and checking never throw, and every problem has a real
// position (line and column within the text). Runs the stages directly so thousands of inputs stay fast.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../../src/core/manifest/check-document.js';
import { manifestValidator } from '../../../src/core/manifest/index.js';
import type { ManifestProblem } from '../../../src/core/manifest/index.js';
import { parseManifestText } from '../../../src/core/manifest/yaml-documents.js';

const validate = manifestValidator();
const env = { SET: 'value' };

function problemsOf(text: string): ManifestProblem[] {
  const parsed = parseManifestText(text, 'p.yaml');
  const problems = [...parsed.problems];
  for (const doc of parsed.documents) problems.push(...checkDocument(doc, validate, env).errors);
  return problems;
}

function expectPositioned(text: string, problems: ManifestProblem[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lines.length + 1);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

const yamlish = fc.string({
  unit: fc.constantFrom(...'ab:-[]{},&*!|>\'"#%@`?~\n\n  \t\\${}0123456789'.split('')),
  maxLength: 300,
});

const manifestLike = fc.record({
  apiVersion: fc.oneof(fc.constant('keyward.dev/v1'), fc.string()),
  kind: fc.oneof(fc.constant('ServiceUsers'), fc.string()),
  metadata: fc.oneof(fc.record({ name: fc.string() }), fc.jsonValue()),
  provider: fc.oneof(fc.record({ driver: fc.constantFrom('keyward', 'infoblox', 'x') }), fc.jsonValue()),
  stores: fc.dictionary(
    fc.string(),
    fc.oneof(fc.record({ type: fc.constantFrom('file', 'github', 'vault', 'exec') }), fc.jsonValue()),
  ),
  serviceUsers: fc.array(
    fc.oneof(
      fc.record({
        name: fc.string(),
        keys: fc.array(
          fc.dictionary(
            fc.constantFrom('name', 'generation', 'state', 'expiresIn', 'secret', 'apiKey'),
            fc.jsonValue(),
          ),
        ),
      }),
      fc.jsonValue(),
    ),
  ),
});

describe('manifest checking never throws', () => {
  it('on arbitrary YAML-ish text', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        expectPositioned(text, problemsOf(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('on manifest-shaped documents with arbitrary values', () => {
    fc.assert(
      fc.property(manifestLike, (value) => {
        const text = stringify(value);
        expectPositioned(text, problemsOf(text));
      }),
      { numRuns: 200 },
    );
    // Parsing ~2 MB of generated YAML: minutes on a shared 2-core machine; this bounds a hang, it times nothing.
  }, 300_000);
});
