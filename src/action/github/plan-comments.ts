// Keeps a pull request's plan comments in place: finds ours by the hidden marker, updates them, adds parts when
// the plan grew and deletes surplus parts when it shrank. Never touches a comment without our marker.
import type { Octokit } from 'octokit';
import { wrapError } from '../../kernel/errors.js';
import { parsePart } from '../render/split-comment.js';

export interface CommentTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pullRequest: number;
  /** Tells this job's comments from other keyward jobs' in the same repository. */
  readonly id: string;
}

export interface CommentOutcome {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
  /** Link to the first part. */
  readonly url: string | null;
}

export async function upsertPlanComments(
  octokit: Octokit,
  target: CommentTarget,
  bodies: readonly string[],
): Promise<CommentOutcome> {
  const where = `pull request #${target.pullRequest} of ${target.owner}/${target.repo}`;
  try {
    const base = { owner: target.owner, repo: target.repo };
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...base,
      issue_number: target.pullRequest,
      per_page: 100,
    });
    const ours = all
      .map((comment) => ({ comment, part: parsePart(comment.body ?? '', target.id) }))
      .filter((c): c is { comment: (typeof all)[number]; part: number } => c.part !== null)
      .sort((a, b) => a.part - b.part || a.comment.id - b.comment.id);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    let url: string | null = null;
    for (const [i, body] of bodies.entries()) {
      const existing = ours[i]?.comment;
      if (existing && existing.body === body) {
        unchanged += 1;
        url ??= existing.html_url;
      } else if (existing) {
        const { data } = await octokit.rest.issues.updateComment({ ...base, comment_id: existing.id, body });
        updated += 1;
        url ??= data.html_url;
      } else {
        const { data } = await octokit.rest.issues.createComment({ ...base, issue_number: target.pullRequest, body });
        created += 1;
        url ??= data.html_url;
      }
    }
    const surplus = ours.slice(bodies.length);
    for (const { comment } of surplus) await octokit.rest.issues.deleteComment({ ...base, comment_id: comment.id });
    return { created, updated, unchanged, deleted: surplus.length, url };
  } catch (err) {
    throw wrapError(`commenting the plan on ${where}`, err);
  }
}
