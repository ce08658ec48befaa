// The Action's entry point (bundled to dist/index.js): wires @actions/core, octokit, simple-git and the system
// clock into run(). Holds no logic; a failure becomes core.setFailed with the message only, never a stack.
import * as core from '@actions/core';
import { Octokit } from 'octokit';
import { simpleGit } from 'simple-git';
import { systemClock } from '../kernel/clock.js';
import { isKeywardError } from '../kernel/errors.js';
import { readContext } from './context.js';
import { parseInputs } from './inputs.js';
import { run } from './run.js';
import type { ActionIo } from './types.js';

const io: ActionIo = {
  info: (message) => core.info(message),
  warning: (message, at) => core.warning(message, at && { file: at.file, startLine: at.line, startColumn: at.column }),
  error: (message, at) => core.error(message, at && { file: at.file, startLine: at.line, startColumn: at.column }),
  setSecret: (value) => core.setSecret(value),
  setOutput: (name, value) => core.setOutput(name, value),
  summary: async (markdown) => {
    if (process.env['GITHUB_STEP_SUMMARY']) await core.summary.addRaw(markdown, true).write();
  },
};

async function main(): Promise<void> {
  const workspace = process.env['GITHUB_WORKSPACE'] || process.cwd();
  const inputs = parseInputs((name) => core.getInput(name), workspace);
  if (inputs.githubToken) core.setSecret(inputs.githubToken);
  const octokit = new Octokit({
    auth: inputs.githubToken || undefined,
    baseUrl: process.env['GITHUB_API_URL'] || 'https://api.github.com',
    throttle: {
      onRateLimit: (_after: number, _options: object, _octokit: Octokit, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_after: number, _options: object, _octokit: Octokit, retryCount: number) => retryCount < 2,
    },
  });
  await run(
    inputs,
    {
      octokit,
      git: (dir) => simpleGit(dir),
      clock: systemClock,
      io,
      env: process.env,
      context: readContext(process.env),
    },
    workspace,
  );
}

main().catch((err: unknown) => {
  const message = isKeywardError(err) || err instanceof Error ? err.message : String(err);
  if (isKeywardError(err) && err.source === 'system' && err.cause instanceof Error && err.cause.stack)
    core.debug(err.cause.stack);
  core.setFailed(message);
});
