// The GitHub side of rotation PRs: list keyward's rotation PRs (any state) with their markers, open, update, and
// close as superseded. Only PRs whose head branch is under keyward/rotate/ and whose body has a marker are ours.
import type { Octokit } from 'octokit';
import { BRANCH_PREFIX, SUPERSEDED_MARKER, parseMarker, type RotationMarker } from './naming.js';

export interface RotationPull {
  readonly number: number;
  readonly url: string;
  readonly branch: string;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly superseded: boolean;
  readonly title: string;
  readonly body: string;
  readonly marker: RotationMarker;
}

export interface Repo {
  readonly owner: string;
  readonly repo: string;
}

export async function listRotationPulls(octokit: Octokit, repo: Repo): Promise<RotationPull[]> {
  const all = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'all', per_page: 100 });
  const out: RotationPull[] = [];
  for (const pull of all) {
    const marker = parseMarker(pull.body);
    if (!pull.head.ref.startsWith(BRANCH_PREFIX) || !marker) continue;
    out.push({
      number: pull.number,
      url: pull.html_url,
      branch: pull.head.ref,
      state: pull.state === 'open' ? 'open' : 'closed',
      merged: pull.merged_at !== null,
      superseded: (pull.body ?? '').includes(SUPERSEDED_MARKER),
      title: pull.title,
      body: pull.body ?? '',
      marker,
    });
  }
  return out;
}

export async function openPull(
  octokit: Octokit,
  repo: Repo,
  fields: { branch: string; base: string; title: string; body: string },
): Promise<{ number: number; url: string }> {
  const { data } = await octokit.rest.pulls.create({
    ...repo,
    head: fields.branch,
    base: fields.base,
    title: fields.title,
    body: fields.body,
    maintainer_can_modify: true,
  });
  return { number: data.number, url: data.html_url };
}

export async function updatePull(
  octokit: Octokit,
  repo: Repo,
  number: number,
  fields: { title: string; body: string },
): Promise<void> {
  await octokit.rest.pulls.update({ ...repo, pull_number: number, title: fields.title, body: fields.body });
}

/** Closes a PR a newer one replaces, marking it so its closing is not read as "skip these generations". */
export async function closeSuperseded(octokit: Octokit, repo: Repo, pull: RotationPull, by: number): Promise<void> {
  const body = `${SUPERSEDED_MARKER}\nSuperseded by #${by}.\n\n${pull.body}`;
  await octokit.rest.pulls.update({ ...repo, pull_number: pull.number, state: 'closed', body });
}
