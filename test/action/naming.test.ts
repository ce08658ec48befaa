// Small pure pieces of the Action: manifest globs, rotation branch names, PR markers.
// Branch names and markers are identities across runs, so their shapes are pinned here.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandManifests, globToRegExp } from '../../src/action/manifest-glob.js';
import type { DueKey } from '../../src/action/rotate/due-keys.js';
import { branchName, markerFor, parseMarker, renderMarker, slug } from '../../src/action/rotate/naming.js';

const key = (over: Partial<DueKey>): DueKey => ({
  file: 'keyward/payments.yaml',
  scope: 'payments',
  serviceUser: 'payments-bot',
  key: 'deploy',
  generation: 1,
  nextGeneration: 2,
  keyId: 'k',
  expiresAt: null,
  lastUsedAt: null,
  stores: [],
  overlap: '7d',
  ...over,
});

describe('manifest globs', () => {
  it('match *, **, ? and {a,b} over relative paths', () => {
    expect(globToRegExp('keyward/**/*.yaml').test('keyward/a.yaml')).toBe(true);
    expect(globToRegExp('keyward/**/*.yaml').test('keyward/x/y/a.yaml')).toBe(true);
    expect(globToRegExp('keyward/**/*.yaml').test('other/a.yaml')).toBe(false);
    expect(globToRegExp('keyward/*.yaml').test('keyward/x/a.yaml')).toBe(false);
    expect(globToRegExp('k/?.{yaml,yml}').test('k/a.yml')).toBe(true);
    expect(globToRegExp('a.yaml').test('aXyaml')).toBe(false);
  });

  it('expand to sorted files, and say which patterns matched nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-glob-'));
    try {
      await mkdir(join(dir, 'keyward', 'team'), { recursive: true });
      await writeFile(join(dir, 'keyward', 'b.yaml'), '');
      await writeFile(join(dir, 'keyward', 'team', 'a.yaml'), '');
      await writeFile(join(dir, 'keyward', 'notes.md'), '');
      expect(await expandManifests(['keyward/**/*.yaml'], dir)).toEqual(['keyward/b.yaml', 'keyward/team/a.yaml']);
      await expect(expandManifests(['infra/*.yaml'], dir)).rejects.toThrow(
        `no manifest files match "infra/*.yaml" in ${dir}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('rotation branch names and markers', () => {
  it('name the manifest and each key generation, kept short and git-safe', () => {
    expect(branchName('keyward/payments.yaml', [key({})])).toBe(
      'keyward/rotate/keyward-payments-payments-bot.deploy-g2',
    );
    expect(branchName('keyward/payments.yaml', [key({}), key({ key: 'Batch Job', nextGeneration: 7 })])).toBe(
      'keyward/rotate/keyward-payments-payments-bot.deploy-g2-payments-bot.batch-job-g7',
    );
    const long = branchName(
      'keyward/payments.yaml',
      Array.from({ length: 20 }, (_, i) => key({ key: `key-number-${i}` })),
    );
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toMatch(/^keyward\/rotate\/keyward-payments-.*-[0-9a-f]{10}$/);
    expect(slug('../Team/..weird name.yml')).toBe('team-.weird-name');
  });

  it('round-trip the PR marker, which cannot end the HTML comment early', () => {
    const marker = markerFor('keyward/a--b.yaml', [key({})]);
    const text = renderMarker(marker);
    expect(text.slice(4, -3)).not.toContain('--');
    expect(parseMarker(`intro\n${text}\nbody`)).toEqual(marker);
    expect(parseMarker('no marker')).toBeNull();
    expect(parseMarker('<!-- keyward:rotate {"manifest": 3} -->')).toBeNull();
  });
});
