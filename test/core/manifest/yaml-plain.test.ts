// The plain YAML reader against the full parser: whenever it reads a text, the value and the position of every path
// (value start, key start) are exactly what the full parser gives; whatever it does not read, the full parser does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pointer } from '../../../src/core/manifest/problems.js';
import { parseDocuments, parseManifestText } from '../../../src/core/manifest/yaml-documents.js';
import { parsePlainYaml } from '../../../src/core/manifest/yaml-plain.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** Every path into `value`, the root included. */
function pathsOf(value: unknown, base = ''): string[] {
  const paths = [base];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, pointer(base, i))));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, pointer(base, k)));
  return paths;
}

/** True when the plain reader took the text; fails the test if it disagrees with the full parser in anything. */
function expectSameAsParser(text: string): boolean {
  if (parsePlainYaml(text) === undefined) return false;
  const fast = parseManifestText(text, 'f.yaml');
  const full = parseDocuments(text, 'f.yaml');
  expect(fast.problems).toEqual(full.problems);
  expect(fast.documents.length).toBe(full.documents.length);
  const [a, b] = [fast.documents[0], full.documents[0]];
  if (a === undefined || b === undefined) return true;
  expect(a.value).toEqual(b.value);
  for (const path of [...pathsOf(b.value), '/missing', '/0/missing/deeper']) {
    expect(a.position(path), path).toEqual(b.position(path));
    expect(a.position(path, { key: true }), `${path} (key)`).toEqual(b.position(path, { key: true }));
    expect(a.position(path, { needle: 'e' }), `${path} (needle)`).toEqual(b.position(path, { needle: 'e' }));
  }
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('plain YAML reader', () => {
  it('reads the manifests of the examples and fixtures exactly as the full parser does', () => {
    const files = [...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'test', 'fixtures'))];
    expect(files.length).toBeGreaterThan(5);
    let read = 0;
    for (const file of files) if (expectSameAsParser(readFileSync(file, 'utf8'))) read++;
    // Most example manifests are plain; the rest (anchors, block scalars, broken fixtures) go to the full parser.
    expect(read).toBeGreaterThan(0);
  });

  it('reads a generated inventory manifest (the layout `yaml` writes) without the full parser', () => {
    const manifest = {
      apiVersion: 'keyward.dev/v1',
      kind: 'ServiceUsers',
      metadata: { name: 'team-0' },
      provider: { driver: 'keyward' },
      serviceUsers: [{ name: 'svc-0', keys: [{ name: 'key-0', expiresAt: '2027-09-28T18:09:29.000Z' }] }],
    };
    expect(expectSameAsParser(stringify(manifest))).toBe(true);
  });

  it('hand-written layouts: compact and same-indent sequences, flow collections, quotes, comments, ---', () => {
    const texts = [
      "a: 1\nb: true\nc: ~\nd: x y z # comment\ne: \"q\"\nf: 'it''s'\n",
      '---\n# head\nlist:\n- a\n- b\nmap:\n  k: v\n',
      'users:\n  - name: a\n    keys:\n    - name: k\n      n: 2\n  - name: b\n',
      'x: [a, b c, 3]\ny: { store: s, name: N }\nz: []\nw: {}\n',
      'u: http://host:8080/path\nv: a#b\nw: -1\n',
      'k:\n  - - nested\n',
      'k: |\n  block\n',
      'a: &x 1\nb: *x\n',
      'a: 1\na: 2\n',
      'a: multi\n  line\n',
      'a:\n',
      'a: 1.5\nb: 0x1F\nc: .inf\nd: 1e3\n',
      'a: "esc\\n"\n',
      '"quoted key": 1\n',
      'a: b: c\n',
      'a: x\n---\nb: y\n',
      '- a\n- b\n',
      'a:\n  b:\n    c:\n      - d: 1\n        e: [f]\n',
      '  a: 1\n  b: 2\n',
      'a: 1\n b: 2\n',
      'a:    spaced   \nb:   [ x ,y ]  # c\n',
      'a: "x" # c\nb: \'y\' trailing\n',
      '__proto__: 1\n',
      'on: yes\nTrue: 1\n',
    ];
    let read = 0;
    for (const text of texts) if (expectSameAsParser(text)) read++;
    expect(read).toBeGreaterThanOrEqual(8);
  });

  it('agrees with the full parser on generated YAML-ish text (fixed seed)', () => {
    const word = fc.constantFrom(
      'a',
      'b1',
      'x y',
      'true',
      'no',
      '~',
      '12',
      '-3',
      '1.5',
      'a:b',
      'a #c',
      'k',
      "'q'",
      '"d"',
    );
    const line = fc.tuple(
      fc.constantFrom('', '  ', '    ', '      '),
      fc.constantFrom('', '- ', '- - '),
      word,
      fc.constantFrom('', ':', ': ', ': [', ': {'),
      fc.constantFrom('', 'v', '[a, b]', '{ k: v }', '"s"', '# c', '1', 'w x'),
    );
    const text = fc.array(line, { maxLength: 12 }).map((ls) => ls.map((parts) => parts.join('')).join('\n'));
    let read = 0;
    fc.assert(
      fc.property(text, (t) => {
        if (expectSameAsParser(t)) read++;
      }),
      { seed: 11, numRuns: 2000 },
    );
    expect(read).toBeGreaterThan(20);
  });

  it('agrees with the full parser on values `yaml` writes (fixed seed)', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('node'), { maxKeys: 4 }),
    })).map;
    let read = 0;
    fc.assert(
      fc.property(value, fc.constantFrom(2, 4), (v, indent) => {
        if (expectSameAsParser(stringify(v, { indent, indentSeq: indent === 2 }))) read++;
      }),
      { seed: 12, numRuns: 1500 },
    );
    expect(read).toBeGreaterThan(100);
  });
});
