// The GitHub fake's pull requests and issue comments (PRs are issues: one number sequence per repository).
// Plain records tests can read and change (close, merge); the routes in pulls-routes.ts serve them over HTTP.

export interface FakePullRequest {
  readonly repository: string;
  readonly number: number;
  readonly id: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** Branch names; `headSha` is whatever the test or the creator says (the fake knows no git). */
  readonly head: string;
  base: string;
  headSha: string;
  readonly createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  mergedAt: Date | null;
}

export interface FakeComment {
  readonly repository: string;
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly createdAt: Date;
  updatedAt: Date;
}

export class FakePullRequests {
  readonly pulls: FakePullRequest[] = [];
  readonly comments: FakeComment[] = [];
  private nextId = 9000;
  private readonly numbers = new Map<string, number>();

  /** The next issue/PR number of a repository (`owner/name`, lower case). */
  nextNumber(repository: string): number {
    const next = (this.numbers.get(repository) ?? 0) + 1;
    this.numbers.set(repository, next);
    return next;
  }

  nextObjectId(): number {
    return this.nextId++;
  }

  /** An issue-like thread the comments routes accept: a PR, or a plain issue the test opened with openIssue(). */
  hasIssue(repository: string, issueNumber: number): boolean {
    return issueNumber <= (this.numbers.get(repository) ?? 0) && issueNumber >= 1;
  }

  /** Opens a pull request as a person would (for plan-comment tests); returns its number. */
  open(
    repository: string,
    fields: { title: string; head: string; base: string; body?: string; headSha?: string },
    now: Date,
  ): FakePullRequest {
    const pull: FakePullRequest = {
      repository: repository.toLowerCase(),
      number: this.nextNumber(repository.toLowerCase()),
      id: this.nextObjectId(),
      title: fields.title,
      body: fields.body ?? '',
      state: 'open',
      head: fields.head,
      base: fields.base,
      headSha: fields.headSha ?? '0'.repeat(40),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
    };
    this.pulls.push(pull);
    return pull;
  }

  find(repository: string, number: number): FakePullRequest | undefined {
    return this.pulls.find((p) => p.repository === repository.toLowerCase() && p.number === number);
  }

  /** Closes without merging (a person said no to this rotation). */
  close(repository: string, number: number, now: Date): void {
    const pull = this.mustFind(repository, number);
    pull.state = 'closed';
    pull.closedAt = now;
    pull.updatedAt = now;
  }

  /** Marks a PR merged; the test moves the base branch in its git remote itself. */
  merge(repository: string, number: number, now: Date): void {
    this.close(repository, number, now);
    this.mustFind(repository, number).mergedAt = now;
  }

  commentsOn(repository: string, issueNumber: number): FakeComment[] {
    return this.comments.filter((c) => c.repository === repository.toLowerCase() && c.issueNumber === issueNumber);
  }

  private mustFind(repository: string, number: number): FakePullRequest {
    const pull = this.find(repository, number);
    if (!pull) throw new Error(`the fake has no pull request #${number} in ${repository}`);
    return pull;
  }
}
