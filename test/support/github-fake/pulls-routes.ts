// Routes for pull requests and issue comments (list with paging and Link headers, create, update, delete), the
// calls the GitHub Action makes. Responses are built from the description's schemas and validated like every route.
import type { Json, JsonObject } from './openapi.js';
import type { FakeComment, FakePullRequest } from './pulls-state.js';
import type { Reply, Route, RouteContext } from './routes.js';

const notFound: Reply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};
const iso = (date: Date | null): string | null => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

function repositoryOf(ctx: RouteContext): string | undefined {
  const repo = ctx.state.findRepository(ctx.params['owner'] ?? '', ctx.params['repo'] ?? '');
  return repo ? `${repo.owner}/${repo.name}`.toLowerCase() : undefined;
}

function unprocessable(message: string): Reply {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message }],
      documentation_url: 'https://docs.github.com/rest',
    },
  };
}

/** One page of `items` as GitHub pages lists: per_page (default 30, max 100), page, and a Link header. */
function page<T>(ctx: RouteContext, items: readonly T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(ctx.query['per_page'] ?? 30) || 30, 100);
  const current = Math.max(Number(ctx.query['page'] ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string): string => {
    const url = new URL(ctx.url.toString());
    url.searchParams.set('page', String(n));
    url.searchParams.set('per_page', String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links = [current < last ? link(current + 1, 'next') : null, current < last ? link(last, 'last') : null].filter(
    Boolean,
  );
  return {
    items: items.slice((current - 1) * perPage, current * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}

function pullBody(ctx: RouteContext, pull: FakePullRequest, status: number, item: boolean): Json {
  const html = `https://github.test/${pull.repository}/pull/${pull.number}`;
  const api = `https://api.github.test/repos/${pull.repository}/pulls/${pull.number}`;
  const overrides: JsonObject = {
    id: pull.id,
    number: pull.number,
    node_id: `PR_${pull.id}`,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    html_url: html,
    url: api,
    created_at: iso(pull.createdAt),
    updated_at: iso(pull.updatedAt),
    closed_at: iso(pull.closedAt),
    merged_at: iso(pull.mergedAt),
  };
  const body = (item ? ctx.exampleItem(status, overrides) : ctx.example(status, overrides)) as JsonObject;
  const owner = pull.repository.split('/')[0] ?? '';
  const ref = (side: Json | undefined, name: string, sha: string): Json => ({
    ...(side as JsonObject),
    ref: name,
    sha,
    label: `${owner}:${name}`,
  });
  return {
    ...body,
    head: ref(body['head'], pull.head, pull.headSha),
    base: ref(body['base'], pull.base, '1'.repeat(40)),
  };
}

function commentBody(ctx: RouteContext, comment: FakeComment, status: number, item: boolean): Json {
  const overrides: JsonObject = {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    body: comment.body,
    html_url: `https://github.test/${comment.repository}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `https://api.github.test/repos/${comment.repository}/issues/${comment.issueNumber}`,
    url: `https://api.github.test/repos/${comment.repository}/issues/comments/${comment.id}`,
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
  };
  return item ? ctx.exampleItem(status, overrides) : ctx.example(status, overrides);
}

/** `head` filters are `owner:branch`: the owner compares without case, the branch exactly. */
function sameHead(filter: string, repository: string, branch: string): boolean {
  const colon = filter.indexOf(':');
  if (colon < 0) return false;
  return filter.slice(0, colon).toLowerCase() === repository.split('/')[0] && filter.slice(colon + 1) === branch;
}

/** GitHub's comment body limit: 65,536 characters; longer bodies are refused with 422. */
const MAX_COMMENT_BODY = 65_536;

const commentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    permission: 'pull_requests',
    access: 'read',
    handle(ctx) {
      const repository = repositoryOf(ctx);
      const number = Number(ctx.params['issue_number']);
      if (!repository || !ctx.state.pulls.hasIssue(repository, number)) return notFound;
      const { items, headers } = page(ctx, ctx.state.pulls.commentsOn(repository, number));
      return { status: 200, body: items.map((c) => commentBody(ctx, c, 200, true)), headers };
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    permission: 'pull_requests',
    access: 'write',
    handle(ctx) {
      const repository = repositoryOf(ctx);
      const number = Number(ctx.params['issue_number']);
      if (!repository || !ctx.state.pulls.hasIssue(repository, number)) return notFound;
      const text = String((ctx.body as JsonObject)['body']);
      if (text.length > MAX_COMMENT_BODY)
        return unprocessable(`body is too long (maximum is ${MAX_COMMENT_BODY} characters)`);
      const now = ctx.state.clock.now();
      const comment: FakeComment = {
        repository,
        id: ctx.state.pulls.nextObjectId(),
        issueNumber: number,
        body: text,
        createdAt: now,
        updatedAt: now,
      };
      ctx.state.pulls.comments.push(comment);
      return { status: 201, body: commentBody(ctx, comment, 201, false) };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    permission: 'pull_requests',
    access: 'write',
    handle(ctx) {
      const repository = repositoryOf(ctx);
      const comment = ctx.state.pulls.comments.find(
        (c) => c.repository === repository && c.id === Number(ctx.params['comment_id']),
      );
      if (!comment) return notFound;
      const text = String((ctx.body as JsonObject)['body']);
      if (text.length > MAX_COMMENT_BODY)
        return unprocessable(`body is too long (maximum is ${MAX_COMMENT_BODY} characters)`);
      comment.body = text;
      comment.updatedAt = ctx.state.clock.now();
      return { status: 200, body: commentBody(ctx, comment, 200, false) };
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    permission: 'pull_requests',
    access: 'write',
    handle(ctx) {
      const repository = repositoryOf(ctx);
      const index = ctx.state.pulls.comments.findIndex(
        (c) => c.repository === repository && c.id === Number(ctx.params['comment_id']),
      );
      if (index < 0) return notFound;
      ctx.state.pulls.comments.splice(index, 1);
      return { status: 204 };
    },
  },
];

const pullRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls',
    permission: 'pull_requests',
    access: 'read',
    handle(ctx) {
      const repository = repositoryOf(ctx);
      if (!repository) return notFound;
      const state = ctx.query['state'] ?? 'open';
      if (!['open', 'closed', 'all'].includes(state)) return unprocessable(`state ${state} is not open, closed or all`);
      const head = ctx.query['head'];
      const matches = ctx.state.pulls.pulls
        .filter((p) => p.repository === repository && (state === 'all' || p.state === state))
        .filter((p) => head === undefined || sameHead(head, repository, p.head))
        .filter((p) => ctx.query['base'] === undefined || p.base === ctx.query['base'])
        .sort((a, b) => b.number - a.number);
      const { items, headers } = page(ctx, matches);
      return { status: 200, body: items.map((p) => pullBody(ctx, p, 200, true)), headers };
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/pulls',
    permission: 'pull_requests',
    access: 'write',
    handle(ctx) {
      const repository = repositoryOf(ctx);
      if (!repository) return notFound;
      const body = ctx.body as JsonObject;
      const head = String(body['head']);
      const base = String(body['base']);
      if (head.includes(':')) ctx.violation(`head ${head}: the Action opens PRs from branches of the same repository`);
      if (
        ctx.state.pulls.pulls.some(
          (p) => p.repository === repository && p.state === 'open' && p.head === head && p.base === base,
        )
      ) {
        return unprocessable(`A pull request already exists for ${repository.split('/')[0]}:${head}.`);
      }
      const pull = ctx.state.pulls.open(
        repository,
        { title: String(body['title']), head, base, body: typeof body['body'] === 'string' ? body['body'] : '' },
        ctx.state.clock.now(),
      );
      return { status: 201, body: pullBody(ctx, pull, 201, false) };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}',
    permission: 'pull_requests',
    access: 'write',
    handle(ctx) {
      const repository = repositoryOf(ctx);
      const pull = repository ? ctx.state.pulls.find(repository, Number(ctx.params['pull_number'])) : undefined;
      if (!pull) return notFound;
      const body = ctx.body as JsonObject;
      if (typeof body['title'] === 'string') pull.title = body['title'];
      if (typeof body['body'] === 'string') pull.body = body['body'];
      if (typeof body['base'] === 'string') pull.base = body['base'];
      if (body['state'] === 'closed' && pull.state === 'open') pull.closedAt = ctx.state.clock.now();
      if (body['state'] === 'open' || body['state'] === 'closed') pull.state = body['state'];
      pull.updatedAt = ctx.state.clock.now();
      return { status: 200, body: pullBody(ctx, pull, 200, false) };
    },
  },
];

/** Pull request and issue comment routes; pass as `routes` to startGithubFake, or use githubRoutesWithPulls. */
export const pullRequestRoutes: readonly Route[] = [...commentRoutes, ...pullRoutes];
