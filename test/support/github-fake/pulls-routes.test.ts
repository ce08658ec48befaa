// The fake's pull request and comment routes: paging with Link headers as octokit follows them, state and head
// filters, duplicate PRs refused, and every response valid against the description (or the test fails).
import { Octokit } from 'octokit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.js';
import { loadGithubDescription, pullRequestRoutes, startGithubFake, type GithubFake } from './index.js';

let fake: GithubFake;
let octokit: Octokit;
const clock = new FakeClock('2026-03-01T10:00:00Z');
const repo = { owner: 'acme', repo: 'app' };
beforeAll(async () => {
  fake = await startGithubFake({
    description: await loadGithubDescription(),
    clock,
    repositories: ['acme/app'],
    routes: pullRequestRoutes,
    tokens: { t: { pull_requests: 'write' }, ro: { pull_requests: 'read' } },
  });
  octokit = new Octokit({ auth: 't', baseUrl: fake.url, throttle: { enabled: false }, retry: { enabled: false } });
}, 30_000);
afterAll(async () => {
  await fake.close();
});

describe('GitHub fake: pull requests and comments', () => {
  it('pages comment lists with Link headers that octokit follows', async () => {
    const pr = fake.state.pulls.open('acme/app', { title: 't', head: 'f', base: 'main' }, clock.now());
    for (let i = 0; i < 5; i++)
      await octokit.rest.issues.createComment({ ...repo, issue_number: pr.number, body: `c${i}` });
    const first = await octokit.rest.issues.listComments({ ...repo, issue_number: pr.number, per_page: 2 });
    expect(first.data.map((c) => c.body)).toEqual(['c0', 'c1']);
    expect(first.headers.link).toMatch(/page=2.*rel="next".*page=3.*rel="last"/);
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: pr.number,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    await expect(octokit.rest.issues.listComments({ ...repo, issue_number: 999 })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('creates, filters, updates and closes pull requests; refuses a second open PR for one head', async () => {
    const created = await octokit.rest.pulls.create({
      ...repo,
      head: 'keyward/rotate/x',
      base: 'main',
      title: 'rotate',
      body: 'b',
    });
    expect(created.data).toMatchObject({
      state: 'open',
      title: 'rotate',
      head: { ref: 'keyward/rotate/x' },
      base: { ref: 'main' },
      merged_at: null,
    });
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'keyward/rotate/x', base: 'main', title: 'again' }),
    ).rejects.toMatchObject({ status: 422 });
    const byHead = await octokit.rest.pulls.list({ ...repo, head: 'ACME:keyward/rotate/x' });
    expect(byHead.data.map((p) => p.number)).toEqual([created.data.number]);
    await octokit.rest.pulls.update({ ...repo, pull_number: created.data.number, state: 'closed', body: 'closed' });
    expect((await octokit.rest.pulls.list({ ...repo, head: 'acme:keyward/rotate/x' })).data).toEqual([]);
    const closed = await octokit.rest.pulls.list({ ...repo, state: 'closed' });
    expect(closed.data.map((p) => [p.number, p.state, p.body])).toEqual([[created.data.number, 'closed', 'closed']]);
    fake.state.pulls.merge(
      'acme/app',
      fake.state.pulls.open('acme/app', { title: 'm', head: 'm', base: 'main' }, clock.now()).number,
      clock.now(),
    );
    const all = await octokit.rest.pulls.list({ ...repo, state: 'all' });
    expect(all.data.filter((p) => p.merged_at !== null).map((p) => p.title)).toEqual(['m']);
  });

  it('a read-only token cannot comment', async () => {
    const readOnly = new Octokit({
      auth: 'ro',
      baseUrl: fake.url,
      throttle: { enabled: false },
      retry: { enabled: false },
    });
    await expect(readOnly.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' })).rejects.toMatchObject({
      status: 403,
    });
    fake.assertNoViolations();
  });
});
