// Rotation PR etiquette against a real git remote, the GitHub fake and a live key service: rotate-before,
// max-open-prs, a PR superseded when more keys fall due (its closing is not a "no"), and a branch someone else
// committed to is left alone.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/kernel/clock.js';
import { SUPERSEDED_MARKER } from '../../src/action/rotate/naming.js';
import { loadGithubDescription } from '../support/github-fake/index.js';
import { REPO, teamManifest, startActionWorld, type ActionWorld } from './support/world.js';

let world: ActionWorld;
beforeAll(async () => {
  world = await startActionWorld(await loadGithubDescription(), {
    'keyward/a.yaml': teamManifest(
      'a',
      '      - name: k1\n        secret: { store: ci, name: A_K1 }\n      - name: k2\n        expiresIn: 100d\n        secret: { store: ci, name: A_K2 }\n',
    ),
    'keyward/b.yaml': teamManifest('b', '      - name: m\n        secret: { store: ci, name: B_M }\n'),
  });
  const applied = await world.act({ command: 'apply' });
  expect(applied.error).toBeUndefined();
  world.clock.advance(80 * DAY_MS);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const rotationPulls = () => world.fake.state.pulls.pulls.filter((p) => p.head.startsWith('keyward/rotate/'));

describe('rotation PR rules', () => {
  it('rotate-before overrides the manifests: with 1d nothing is due yet', async () => {
    const outcome = await world.act({ command: 'rotate', 'rotate-before': '1d' });
    expect(outcome.result?.pullRequests).toEqual([]);
    expect(outcome.recorded.lines).toContain('info: no key is due for rotation');
  });

  it('max-open-prs caps how many rotation PRs are open', async () => {
    const outcome = await world.act({ command: 'rotate', 'max-open-prs': '1' });
    expect(outcome.result?.pullRequests.map((p) => [p.manifest, p.action])).toEqual([['keyward/a.yaml', 'opened']]);
    expect(outcome.recorded.lines).toContain(
      'warning: not opening a rotation PR for keyward/b.yaml: 1 rotation PRs are open (max-open-prs 1)',
    );
  });

  it('when another key of the manifest falls due, a new PR replaces the open one, which is closed as superseded', async () => {
    const [old] = rotationPulls();
    world.clock.advance(7 * DAY_MS);
    const outcome = await world.act({ command: 'rotate', 'max-open-prs': '1' });
    const [next] = outcome.result?.pullRequests ?? [];
    expect(next).toMatchObject({
      manifest: 'keyward/a.yaml',
      action: 'opened',
      keys: ['a/a-bot/k1@g2', 'a/a-bot/k2@g2'],
    });
    expect(world.fake.state.pulls.find(REPO, old?.number ?? 0)).toMatchObject({ state: 'closed', mergedAt: null });
    expect(world.fake.state.pulls.find(REPO, old?.number ?? 0)?.body).toContain(
      `${SUPERSEDED_MARKER}\nSuperseded by #${next?.number}.`,
    );
    const diff = await world.remoteGit('diff', '-U0', 'main', next?.branch ?? '');
    expect(diff.split('\n').filter((l) => /^[+-][^+-]/.test(l))).toEqual([
      '+        generation: 2',
      '+        generation: 2',
    ]);

    const again = await world.act({ command: 'rotate', 'max-open-prs': '1' });
    expect(again.result?.pullRequests.map((p) => [p.number, p.action])).toEqual([[next?.number, 'unchanged']]);
    expect(again.recorded.lines.filter((l) => l.includes('closed without merging'))).toEqual([]);
  });

  it('leaves a rotation branch alone when someone else committed to it', async () => {
    const [pr] = rotationPulls().filter((p) => p.state === 'open');
    const branch = pr?.head ?? '';
    await world.git.raw(['fetch', '--quiet', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
    await world.git.raw(['checkout', '--quiet', '-B', 'hand-edit', `refs/remotes/origin/${branch}`]);
    await writeFile(join(world.work, 'keyward', 'NOTES.md'), 'why we rotate\n');
    await world.git.raw(['add', 'keyward/NOTES.md']);
    await world.git.raw([
      '-c',
      'user.name=Dev',
      '-c',
      'user.email=dev@example.test',
      'commit',
      '--quiet',
      '-m',
      'notes',
    ]);
    await world.git.raw(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
    await world.git.raw(['checkout', '--quiet', 'main']);
    await world.commit({ 'README.md': 'main moved on\n' }, 'readme');
    const before = await world.remoteGit('rev-parse', branch);
    const outcome = await world.act({ command: 'rotate', 'max-open-prs': '1' });
    expect(outcome.recorded.lines).toContain(
      `warning: branch ${branch} has commits by someone else: keyward leaves it alone`,
    );
    expect(await world.remoteGit('rev-parse', branch)).toBe(before);
    world.fake.assertNoViolations();
  });
});
