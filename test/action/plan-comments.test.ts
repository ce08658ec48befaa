// Plan comments: splitting below GitHub's limit (every part marked and numbered, nothing lost), and upserting
// against the GitHub fake: parts updated in place, added, deleted when the plan shrinks; others' comments untouched.
import { Octokit } from 'octokit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.js';
import { upsertPlanComments } from '../../src/action/github/plan-comments.js';
import type { PlanMarkdown } from '../../src/action/render/plan-markdown.js';
import { GITHUB_COMMENT_LIMIT, parsePart, splitIntoComments } from '../../src/action/render/split-comment.js';
import {
  loadGithubDescription,
  pullRequestRoutes,
  startGithubFake,
  type GithubFake,
} from '../support/github-fake/index.js';

const doc = (body: string): PlanMarkdown => ({
  title: 'keyward plan',
  headline: '**Plan:** 1 to add.',
  body,
  footer: '<sub>footer</sub>',
});
const lines = (n: number, width: number): string =>
  Array.from({ length: n }, (_, i) => `${String(i).padStart(6, '0')} ${'x'.repeat(width)}`).join('\n') + '\n';

function contentOf(part: string): string {
  const open = part.indexOf('```text\n') + '```text\n'.length;
  return part.slice(open, part.lastIndexOf('\n```'));
}

describe('splitIntoComments', () => {
  it('keeps a plan that fits in one comment, marked part 1/1', () => {
    const [only, ...rest] = splitIntoComments(doc('  + create key a\n'), 'abc123');
    expect(rest).toEqual([]);
    expect(only).toMatch(
      /^<!-- keyward:plan:abc123 part 1\/1 -->\n### keyward plan\n\n\*\*Plan:\*\* 1 to add\.\n\n```text\n {2}\+ create key a\n```\n\n<sub>footer<\/sub>\n$/,
    );
    expect(parsePart(only ?? '', 'abc123')).toBe(1);
    expect(parsePart(only ?? '', 'other')).toBeNull();
  });

  it('splits a long plan into numbered parts under the limit, losing no line', () => {
    const body = lines(5000, 60);
    const parts = splitIntoComments(doc(body), 'abc123');
    expect(parts.length).toBeGreaterThan(4);
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(
        part.startsWith(
          `<!-- keyward:plan:abc123 part ${i + 1}/${parts.length} -->\n### keyward plan (part ${i + 1} of ${parts.length})`,
        ),
      ).toBe(true);
    }
    expect(parts[0]).toContain('**Plan:** 1 to add.');
    expect(parts.at(-1)).toContain('<sub>footer</sub>');
    expect(parts.map(contentOf).join('\n') + '\n').toBe(body);
  });

  it('cuts a single line longer than a comment, and fences text that contains backticks', () => {
    const parts = splitIntoComments(doc(`${'y'.repeat(5000)}\nname with \`\`\` fence\n`), 'id', 2000);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.map(contentOf).join('').replace(/\n/g, '')).toBe(`${'y'.repeat(5000)}name with \`\`\` fence`);
    expect(parts.at(-1)).toContain('````text');
  });
});

describe('upsertPlanComments against the GitHub fake', () => {
  let fake: GithubFake;
  let octokit: Octokit;
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  beforeAll(async () => {
    fake = await startGithubFake({
      description: await loadGithubDescription(),
      clock,
      repositories: ['acme/app'],
      routes: pullRequestRoutes,
      tokens: { t: { pull_requests: 'write' } },
    });
    octokit = new Octokit({ auth: 't', baseUrl: fake.url, throttle: { enabled: false }, retry: { enabled: false } });
  }, 30_000);
  afterAll(async () => {
    await fake.close();
  });

  it('creates parts, updates them in place, deletes surplus parts, leaves other comments alone', async () => {
    const pr = fake.state.pulls.open('acme/app', { title: 't', head: 'f', base: 'main' }, clock.now());
    await octokit.rest.issues.createComment({ owner: 'acme', repo: 'app', issue_number: pr.number, body: 'LGTM' });
    const target = { owner: 'acme', repo: 'app', pullRequest: pr.number, id: 'abc123' };
    const three = splitIntoComments(doc(lines(2000, 80)), 'abc123', 60_000);
    expect(three).toHaveLength(3);
    expect(await upsertPlanComments(octokit, target, three)).toMatchObject({ created: 3, updated: 0, deleted: 0 });
    const ids = fake.state.pulls.commentsOn('acme/app', pr.number).map((c) => c.id);
    const one = splitIntoComments(doc('  + create key a\n'), 'abc123');
    expect(await upsertPlanComments(octokit, target, one)).toMatchObject({ created: 0, updated: 1, deleted: 2 });
    const left = fake.state.pulls.commentsOn('acme/app', pr.number);
    expect(left.map((c) => [c.id, c.body === 'LGTM' ? 'LGTM' : 'ours'])).toEqual([
      [ids[0], 'LGTM'],
      [ids[1], 'ours'],
    ]);
    expect(await upsertPlanComments(octokit, target, one)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 1,
      deleted: 0,
    });
    fake.assertNoViolations();
  });

  it('the fake refuses a body over 65,536 characters, and records a malformed pull request body', async () => {
    const pr = fake.state.pulls.open('acme/app', { title: 't', head: 'g', base: 'main' }, clock.now());
    await expect(
      octokit.rest.issues.createComment({
        owner: 'acme',
        repo: 'app',
        issue_number: pr.number,
        body: 'z'.repeat(65_537),
      }),
    ).rejects.toMatchObject({ status: 422 });
    await fetch(`${fake.url}/repos/acme/app/pulls`, {
      method: 'POST',
      headers: { authorization: 'token t', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 7, head: 'h', base: 'main' }),
    });
    expect(fake.violations.join('\n')).toMatch(/pulls\/create request: \/title/);
    fake.violations.length = 0;
  });
});
