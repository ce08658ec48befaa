// run() end to end: a real bare git remote, the GitHub fake, a live key service, one fake clock. Plan comments,
// apply, rotation PRs (rerun, closed PR, stale branch), merge + apply + overlap, and no secret anywhere.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/kernel/clock.js';
import { loadGithubDescription, repoScope } from '../support/github-fake/index.js';
import { REPO, teamManifest, TOKEN, startActionWorld, type ActionWorld } from './support/world.js';

const PAYMENTS = teamManifest(
  'payments',
  `      - name: deploy
        secret: { store: ci, name: PAYMENTS_DEPLOY_KEY }   # rotated by PRs
      - name: reports
        expiresIn: 180d
        secret: { store: ci, name: PAYMENTS_REPORTS_KEY }
`,
);
const PLATFORM = teamManifest(
  'platform',
  `      - name: metrics
        generation: 1
        expiresIn: 85d
        secret: { store: ci, name: PLATFORM_METRICS_KEY }
`,
);

let world: ActionWorld;
beforeAll(async () => {
  world = await startActionWorld(await loadGithubDescription(), {
    'keyward/payments.yaml': PAYMENTS,
    'keyward/platform.yaml': PLATFORM,
  });
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const secretNames = ['PAYMENTS_DEPLOY_KEY', 'PAYMENTS_REPORTS_KEY', 'PLATFORM_METRICS_KEY'];
const seenSecrets = new Set<string>();
function collectSecrets(): void {
  for (const name of secretNames) {
    const value = world.fake.secretValue(repoScope(REPO), name);
    if (value) seenSecrets.add(value);
  }
}

async function listKeys(): Promise<{ name: string; state: string }[]> {
  const response = await fetch(`${world.service.url}/v2/api_keys?_limit=1000`, {
    headers: { Authorization: `Token ${world.adminKey}` },
  });
  return ((await response.json()) as { results: { name: string; state: string }[] }).results.map((k) => ({
    name: k.name,
    state: k.state,
  }));
}

describe('plan on a pull request', () => {
  it('creates one comment with the plan and a job summary, then updates the same comment on a rerun', async () => {
    const pr = world.fake.state.pulls.open(
      REPO,
      { title: 'Add keys', head: 'feature', base: 'main' },
      world.clock.now(),
    );
    const first = await world.act({ command: 'plan' }, { pullRequest: pr.number });
    expect(first.error).toBeUndefined();
    expect(first.result?.changes).toBe(true);
    let comments = world.fake.state.pulls.commentsOn(REPO, pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/^<!-- keyward:plan:[0-9a-f]{12} part 1\/1 -->\n### keyward plan\n/);
    expect(comments[0]?.body).toContain('**Plan:** 5 to add, 0 to change, 0 to destroy, 0 to rotate, 0 to repair.');
    expect(comments[0]?.body).toContain('create key payments/payments-bot/deploy');
    expect(first.recorded.summaries[0]).toContain('**Plan:** 5 to add');
    expect(first.recorded.outputs['changes']).toBe('true');
    const planJson = JSON.parse(await readFile(first.recorded.outputs['plan-json'] ?? '', 'utf8')) as {
      formatVersion: number;
      summary: { add: number };
    };
    expect(planJson).toMatchObject({ formatVersion: 1, summary: { add: 5 } });
    expect(first.recorded.secrets).toEqual(expect.arrayContaining([TOKEN, world.adminKey]));

    const id = comments[0]?.id;
    await world.commit(
      {
        'keyward/platform.yaml': PLATFORM.replace(
          '        expiresIn: 85d\n',
          '        expiresIn: 85d\n        state: disabled\n',
        ),
      },
      'platform: metrics disabled',
    );
    const second = await world.act({ command: 'plan' }, { pullRequest: pr.number });
    expect(second.error).toBeUndefined();
    comments = world.fake.state.pulls.commentsOn(REPO, pr.number);
    expect(comments.map((c) => c.id)).toEqual([id]);
    expect(comments[0]?.body).toContain('**Plan:** 4 to add');
    expect(second.recorded.lines).toContain(
      `info: plan comment on #${pr.number}: 0 created, 1 updated, 0 unchanged, 0 deleted (https://github.test/acme/payments/pull/${pr.number}#issuecomment-${id})`,
    );
    await world.commit({ 'keyward/platform.yaml': PLATFORM }, 'platform: metrics enabled again');
  });

  it('comments the error and fails the job when a manifest is broken, naming file:line:col', async () => {
    const pr = world.fake.state.pulls.open(REPO, { title: 'Broken', head: 'broken', base: 'main' }, world.clock.now());
    await world.commit(
      {
        'keyward/broken.yaml':
          'apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata: { name: b }\nprovider: { driver: keyward }\nserviceUsers:\n  - name: a\n    keyz: []\n',
      },
      'broken',
    );
    const outcome = await world.act({ command: 'plan' }, { pullRequest: pr.number });
    expect(outcome.error?.message).toMatch(/keyward\/broken\.yaml:7:5: \/serviceUsers\/0\/keyz/);
    const [comment] = world.fake.state.pulls.commentsOn(REPO, pr.number);
    expect(comment?.body).toContain('**keyward failed.**');
    expect(comment?.body).toMatch(/keyward\/broken\.yaml:7:5/);
    expect(comment?.body).not.toMatch(/\n\s+at /);
    await world.git.raw(['rm', '--quiet', 'keyward/broken.yaml']);
    await world.git.raw([
      '-c',
      'user.name=Dev',
      '-c',
      'user.email=dev@example.test',
      'commit',
      '--quiet',
      '-m',
      'remove broken',
    ]);
    await world.git.raw(['push', '--quiet', 'origin', 'HEAD:refs/heads/main']);
  });
});

describe('apply on the default branch', () => {
  it('fails the job when a store refuses half-way, and the next run converges', async () => {
    world.fake.inject({ status: 403, refuse: true, method: 'PUT', path: 'PLATFORM_METRICS_KEY' });
    const failed = await world.act({ command: 'apply' });
    expect(failed.error?.message).toMatch(/^Apply failed: 4 done, 1 failed, 0 skipped\. The next run converges/);
    expect(failed.recorded.summaries.join('\n')).toMatch(
      /\| ❌ failed \| create key platform\/platform-bot\/metrics .* — .*Resource not accessible by integration/,
    );

    const applied = await world.act({ command: 'apply' });
    expect(applied.error).toBeUndefined();
    expect(applied.result?.changes).toBe(true);
    expect(applied.recorded.summaries.join('\n')).toContain('**Apply complete:** 1 done, 0 failed, 0 skipped.');
    collectSecrets();
    expect(seenSecrets.size).toBe(3);
    const again = await world.act({ command: 'apply' });
    expect(again.result?.changes).toBe(false);
    expect(again.recorded.outputs['changes']).toBe('false');
  });
});

describe('rotate on a schedule', () => {
  let paymentsBranch = '';

  it('opens one PR per manifest whose diff bumps exactly the due keys', async () => {
    world.clock.advance(80 * DAY_MS);
    const rotated = await world.act({ command: 'rotate' });
    expect(rotated.error).toBeUndefined();
    const prs = rotated.result?.pullRequests ?? [];
    expect(prs.map((p) => [p.manifest, p.action, p.keys])).toEqual([
      ['keyward/payments.yaml', 'opened', ['payments/payments-bot/deploy@g2']],
      ['keyward/platform.yaml', 'opened', ['platform/platform-bot/metrics@g2']],
    ]);
    paymentsBranch = prs[0]?.branch ?? '';
    expect(paymentsBranch).toBe('keyward/rotate/keyward-payments-payments-bot.deploy-g2');
    const diff = await world.remoteGit('diff', '-U0', 'main', paymentsBranch);
    expect(diff.split('\n').filter((l) => /^[+-][^+-]/.test(l))).toEqual(['+        generation: 2']);
    const platformDiff = await world.remoteGit('diff', '-U0', 'main', prs[1]?.branch ?? '');
    expect(platformDiff.split('\n').filter((l) => /^[+-][^+-]/.test(l))).toEqual([
      '-        generation: 1',
      '+        generation: 2',
    ]);
    expect(await world.remoteGit('log', '-1', '--format=%an <%ae>', paymentsBranch)).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\n',
    );
    const pull = world.fake.state.pulls.find(REPO, prs[0]?.number ?? 0);
    expect(pull).toMatchObject({
      head: paymentsBranch,
      base: 'main',
      state: 'open',
      title: 'keyward: rotate payments-bot/deploy to generation 2 in keyward/payments.yaml',
    });
    expect(pull?.body).toContain(
      '| `payments/payments-bot/deploy` | 1 → 2 | 2026-05-30T10:00:00.000Z (in 10 days) | never |',
    );
    expect(JSON.parse(rotated.recorded.outputs['pull-requests'] ?? '[]')).toHaveLength(2);
  });

  it('a rerun updates rather than duplicates; a closed PR is skipped; a stale branch is rebuilt on main', async () => {
    const rerun = await world.act({ command: 'rotate' });
    expect(rerun.result?.pullRequests.map((p) => p.action)).toEqual(['unchanged', 'unchanged']);
    expect(world.fake.state.pulls.pulls.filter((p) => p.head.startsWith('keyward/rotate/'))).toHaveLength(2);

    const platformPr = rerun.result?.pullRequests[1]?.number ?? 0;
    world.fake.state.pulls.close(REPO, platformPr, world.clock.now());
    await world.commit({ 'README.md': '# payments\n' }, 'docs: readme');
    const third = await world.act({ command: 'rotate' });
    expect(third.result?.pullRequests.map((p) => [p.manifest, p.action])).toEqual([
      ['keyward/payments.yaml', 'updated'],
    ]);
    expect(third.recorded.lines).toContain(
      `info: skipping platform/platform-bot/metrics@g2: pull request #${platformPr} for this generation was closed without merging`,
    );
    const mainSha = (await world.remoteGit('rev-parse', 'main')).trim();
    expect((await world.remoteGit('rev-parse', `${paymentsBranch}^`)).trim()).toBe(mainSha);
    expect(world.fake.state.pulls.pulls.filter((p) => p.head.startsWith('keyward/rotate/'))).toHaveLength(2);
  });

  it('merging the PR and applying rotates the key; after the overlap the old generation is retired', async () => {
    const number = world.fake.state.pulls.pulls.find((p) => p.head === paymentsBranch)?.number ?? 0;
    await world.remoteGit('update-ref', 'refs/heads/main', paymentsBranch);
    world.fake.state.pulls.merge(REPO, number, world.clock.now());
    await world.checkoutMain();
    const before = world.fake.secretValue(repoScope(REPO), 'PAYMENTS_DEPLOY_KEY');
    const applied = await world.act({ command: 'apply' });
    expect(applied.error).toBeUndefined();
    expect(applied.recorded.summaries.join('\n')).toMatch(/rotate key payments\/payments-bot\/deploy#2/);
    const after = world.fake.secretValue(repoScope(REPO), 'PAYMENTS_DEPLOY_KEY');
    expect(after).not.toBe(before);
    collectSecrets();
    expect(await listKeys()).toEqual(
      expect.arrayContaining([
        { name: 'deploy', state: 'enabled' },
        { name: 'deploy#2', state: 'enabled' },
      ]),
    );

    world.clock.advance(8 * DAY_MS);
    const retired = await world.act({ command: 'apply' });
    expect(retired.error).toBeUndefined();
    expect(retired.recorded.summaries.join('\n')).toMatch(/disable key payments\/payments-bot\/deploy /);
    expect(await listKeys()).toEqual(
      expect.arrayContaining([
        { name: 'deploy', state: 'disabled' },
        { name: 'deploy#2', state: 'enabled' },
      ]),
    );
  });

  it('no secret, admin key or token appears in any log line, output, summary, comment, PR or git object', async () => {
    const texts = [
      ...world.runs.flatMap((r) => [...r.lines, ...r.summaries, ...Object.values(r.outputs)]),
      ...world.fake.state.pulls.comments.map((c) => c.body),
      ...world.fake.state.pulls.pulls.flatMap((p) => [p.title, p.body]),
      await world.remoteGit('log', '--all', '-p'),
      ...(await Promise.all(
        world.runs
          .map((r) => r.outputs['plan-json'])
          .filter((f): f is string => !!f)
          .map((f) => readFile(f, 'utf8')),
      )),
    ].join('\n');
    expect(seenSecrets.size).toBeGreaterThanOrEqual(4);
    for (const secret of [...seenSecrets, world.adminKey, TOKEN])
      expect(texts.includes(secret), 'a secret leaked').toBe(false);
    world.fake.assertNoViolations();
  });
});
