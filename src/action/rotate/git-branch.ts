// Builds a rotation branch with real git: a temporary worktree on origin/<base>, the manifest edit, one commit by
// the configured author, pushed with a lease. Never rewrites a branch that carries someone else's commits.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { bumpGenerationsInText, type GenerationBump } from '../../core/manifest/edit-generation.js';
import type { CommitAuthor } from '../types.js';

export interface BranchRequest {
  readonly base: string;
  readonly branch: string;
  /** The manifest's path relative to the working directory (the clone may hold it under a prefix). */
  readonly file: string;
  readonly bumps: readonly GenerationBump[];
  readonly author: CommitAuthor;
  readonly message: string;
}

export type BranchOutcome = 'created' | 'updated' | 'unchanged' | 'foreign-commits';

async function remoteSha(git: SimpleGit, branch: string): Promise<string | null> {
  const out = await git.raw(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
  const sha = out.split(/\s+/)[0];
  return sha && /^[0-9a-f]{40}$/.test(sha) ? sha : null;
}

async function revParse(git: SimpleGit, rev: string): Promise<string> {
  return (await git.raw(['rev-parse', rev])).trim();
}

/** Makes origin/<branch> hold exactly one commit on top of origin/<base> with the bumps applied. */
export async function pushRotationBranch(
  gitAt: (dir: string) => SimpleGit,
  cwd: string,
  request: BranchRequest,
): Promise<BranchOutcome> {
  const { base, branch, author } = request;
  const git = gitAt(cwd);
  await git.raw(['fetch', '--no-tags', 'origin', `+refs/heads/${base}:refs/remotes/origin/${base}`]);
  const existing = await remoteSha(git, branch);
  if (existing) await git.raw(['fetch', '--no-tags', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
  const prefix = (await git.raw(['rev-parse', '--show-prefix'])).trim();
  const worktree = await mkdtemp(join(tmpdir(), 'keyward-rotate-'));
  await git.raw(['worktree', 'add', '--detach', worktree, `refs/remotes/origin/${base}`]);
  const tree = gitAt(worktree);
  try {
    const path = join(worktree, prefix, request.file);
    const bumped = bumpGenerationsInText(await readFile(path, 'utf8'), request.file, request.bumps);
    await writeFile(path, bumped.text);
    await tree.raw(['add', '--', join(prefix, request.file)]);
    await tree.raw([
      '-c',
      `user.name=${author.name}`,
      '-c',
      `user.email=${author.email}`,
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      request.message,
    ]);
    if (existing) {
      const baseSha = await revParse(tree, `refs/remotes/origin/${base}`);
      const sameTree = (await revParse(tree, 'HEAD^{tree}')) === (await revParse(tree, `${existing}^{tree}`));
      const onBase = (await revParse(tree, `${existing}^`)) === baseSha;
      if (sameTree && onBase) return 'unchanged';
      const authors = (await tree.raw(['log', '--format=%ae', `${baseSha}..${existing}`])).split('\n').filter(Boolean);
      if (authors.some((email) => email !== author.email)) return 'foreign-commits';
    }
    await tree.raw([
      'push',
      '--quiet',
      `--force-with-lease=refs/heads/${branch}:${existing ?? ''}`,
      'origin',
      `HEAD:refs/heads/${branch}`,
    ]);
    return existing ? 'updated' : 'created';
  } finally {
    await git.raw(['worktree', 'remove', '--force', worktree]);
    await rm(worktree, { recursive: true, force: true });
  }
}
