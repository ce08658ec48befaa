// The Action's contract with its entry point and its tests: typed inputs, the GitHub context, and injected clients.
// run() reads nothing global: no process.env, no @actions/core, no system clock except through these.
import type { Octokit } from 'octokit';
import type { SimpleGit } from 'simple-git';
import type { Clock } from '../kernel/clock.js';

export type ActionCommand = 'plan' | 'apply' | 'rotate';

export interface CommitAuthor {
  readonly name: string;
  readonly email: string;
}

/** action.yml's inputs, parsed and checked (see inputs.ts for the names and defaults). */
export interface ActionInputs {
  readonly command: ActionCommand;
  /** Glob patterns relative to the working directory (one per line in the input). */
  readonly manifests: readonly string[];
  /** Absolute directory manifests, git and plan output are relative to. */
  readonly workingDirectory: string;
  readonly allowDestroy: boolean;
  /** Overrides every key's rotateBefore when set; otherwise each manifest's own (default 14d). */
  readonly rotateBeforeMs: number | null;
  readonly githubToken: string;
  /** The branch rotation PRs target; null: the repository's default branch. */
  readonly baseBranch: string | null;
  readonly maxOpenPrs: number;
  readonly commitAuthor: CommitAuthor;
}

/** What the workflow run is about, read from GITHUB_* variables and the event payload. */
export interface ActionContext {
  readonly owner: string;
  readonly repo: string;
  readonly eventName: string;
  /** The pull request a plan comments on; null outside pull_request events. */
  readonly pullRequest: number | null;
  /** Link to this workflow run, for comments and PR bodies; null when unknown. */
  readonly runUrl: string | null;
  /** A directory for files the run leaves behind (plan JSON). */
  readonly tempDir: string;
}

/** Where an annotation points: a file relative to the repository root, 1-based line and column. */
export interface AnnotationPlace {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The runner's side of things (@actions/core in production, a recorder in tests). */
export interface ActionIo {
  info(message: string): void;
  /** With a place, an annotation on that file and line (`::warning file=…,line=…,col=…::`). */
  warning(message: string, at?: AnnotationPlace): void;
  error(message: string, at?: AnnotationPlace): void;
  /** Registers a value the runner must mask in every log line from now on. */
  setSecret(value: string): void;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  summary(markdown: string): Promise<void>;
}

export interface ActionClients {
  readonly octokit: Octokit;
  /**
   * simple-git bound to a directory: the working directory's clone (its `origin` gets rotation branches) or a worktree.
   */
  readonly git: (dir: string) => SimpleGit;
  readonly clock: Clock;
  readonly io: ActionIo;
  /** Environment the key API drivers and stores read credentials from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly context: ActionContext;
}

/** A rotation PR the run opened, updated or left as it was. */
export interface RotationPullRequest {
  readonly number: number;
  readonly url: string;
  readonly branch: string;
  readonly manifest: string;
  readonly action: 'opened' | 'updated' | 'unchanged';
  readonly keys: readonly string[];
}

export interface RunResult {
  readonly ok: boolean;
  readonly changes: boolean;
  readonly planJson: string | null;
  readonly pullRequests: readonly RotationPullRequest[];
}
