// Reads the workflow run's context from the runner's GITHUB_* variables and event payload file.
// Only main.ts calls it with process.env; tests build an ActionContext directly.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { userError } from '../kernel/errors.js';
import type { ActionContext } from './types.js';

export function readContext(env: Readonly<Record<string, string | undefined>>): ActionContext {
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!owner || !repo)
    throw userError(
      'action.context',
      'GITHUB_REPOSITORY is not set to owner/name: run keyward as a step of a GitHub Actions workflow',
    );
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  const server = env['GITHUB_SERVER_URL'] ?? 'https://github.com';
  const runId = env['GITHUB_RUN_ID'];
  return {
    owner,
    repo,
    eventName,
    pullRequest: pullRequestNumber(env['GITHUB_EVENT_PATH']),
    runUrl: runId ? `${server}/${owner}/${repo}/actions/runs/${runId}` : null,
    tempDir: env['RUNNER_TEMP'] || tmpdir(),
  };
}

function pullRequestNumber(eventPath: string | undefined): number | null {
  if (!eventPath) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch {
    return null;
  }
  const pull = (payload as { pull_request?: { number?: unknown } }).pull_request;
  return typeof pull?.number === 'number' ? pull.number : null;
}
