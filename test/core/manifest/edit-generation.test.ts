// bumpGenerationsInText: the rotation PR's edit must change exactly the generation characters of the named keys.
// Everything else (comments, order, other documents, other keys) must stay byte for byte.
import { describe, expect, it } from 'vitest';
import { bumpGenerationsInText } from '../../../src/core/manifest/edit-generation.js';

const TWO_DOCS = `# payments
apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: payments }
serviceUsers:
  - name: deployer   # the CI user
    keys:
      - name: deploy
        generation: 3 # bumped by rotation PRs
        secret: { store: ci, name: DEPLOY }
      - name: batch
        secret: { store: ci, name: BATCH }
      - { name: flow, secret: { store: ci, name: FLOW } }
---
apiVersion: keyward.dev/v1
kind: ServiceUsers
metadata: { name: other }
serviceUsers:
  - name: deployer
    keys:
      - name: deploy
        generation: 3
`;

describe('bumpGenerationsInText', () => {
  it('edits only the generation of the named keys, in the named document', () => {
    const out = bumpGenerationsInText(TWO_DOCS, 'm.yaml', [
      { scope: 'payments', serviceUser: 'deployer', key: 'deploy', from: 3, to: 4 },
      { scope: 'payments', serviceUser: 'deployer', key: 'batch', from: 1, to: 2 },
      { scope: 'payments', serviceUser: 'deployer', key: 'flow', from: 1, to: 2 },
    ]);
    expect(out.generations).toEqual([4, 2, 2]);
    const expected = TWO_DOCS.replace('generation: 3 # bumped', 'generation: 4 # bumped')
      .replace('      - name: batch\n', '      - name: batch\n        generation: 2\n')
      .replace('{ name: flow,', '{ name: flow, generation: 2,');
    expect(out.text).toBe(expected);
  });

  it('refuses a generation other than the expected one, and an unknown key, naming the file', () => {
    expect(() =>
      bumpGenerationsInText(TWO_DOCS, 'm.yaml', [
        { scope: 'payments', serviceUser: 'deployer', key: 'deploy', from: 2, to: 3 },
      ]),
    ).toThrow(/m\.yaml: payments\/deployer\/deploy: generation is 3, expected 2/);
    expect(() =>
      bumpGenerationsInText(TWO_DOCS, 'm.yaml', [{ scope: 'payments', serviceUser: 'deployer', key: 'nope' }]),
    ).toThrow(/m\.yaml: payments\/deployer\/nope: no such key declared/);
  });

  it('keeps CRLF line ends and defaults to the next generation', () => {
    const crlf =
      'metadata: { name: a }\r\nserviceUsers:\r\n  - name: u\r\n    keys:\r\n      - name: k\r\n        secret: { store: s, name: N }\r\n';
    const out = bumpGenerationsInText(crlf, 'c.yaml', [{ serviceUser: 'u', key: 'k' }]);
    expect(out.text).toBe(crlf.replace('- name: k\r\n', '- name: k\r\n        generation: 2\r\n'));
  });
});
