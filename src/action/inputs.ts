// Parses action.yml's inputs into ActionInputs, with errors that name the input and say what is allowed.
// Reads inputs only through the getter it is given; never the environment directly.
import { isAbsolute, resolve } from 'node:path';
import { userError } from '../kernel/errors.js';
import { readDuration } from '../kernel/time/duration.js';
import type { ActionCommand, ActionInputs, CommitAuthor } from './types.js';

export const DEFAULT_MANIFESTS = 'keyward/**/*.{yaml,yml}';
export const DEFAULT_COMMIT_AUTHOR = 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>';
export const DEFAULT_MAX_OPEN_PRS = 10;

/** Every input action.yml declares; a test checks the two lists agree. */
export const INPUT_NAMES = [
  'command',
  'manifests',
  'working-directory',
  'allow-destroy',
  'rotate-before',
  'github-token',
  'base-branch',
  'max-open-prs',
  'commit-author',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

const COMMANDS: readonly ActionCommand[] = ['plan', 'apply', 'rotate'];

/** `get` returns the trimmed input, or '' when unset (as @actions/core's getInput does). */
export function parseInputs(get: (name: InputName) => string, workspace: string): ActionInputs {
  const command = get('command');
  if (!COMMANDS.includes(command as ActionCommand))
    throw userError('action.input', `input command: "${command}" is not one of ${COMMANDS.join(', ')}`);
  const manifests = (get('manifests') || DEFAULT_MANIFESTS)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const dir = get('working-directory') || '.';
  return {
    command: command as ActionCommand,
    manifests,
    workingDirectory: isAbsolute(dir) ? dir : resolve(workspace, dir),
    allowDestroy: parseBoolean('allow-destroy', get('allow-destroy') || 'false'),
    rotateBeforeMs: parseRotateBefore(get('rotate-before')),
    githubToken: get('github-token'),
    baseBranch: get('base-branch') || null,
    maxOpenPrs: parseCount('max-open-prs', get('max-open-prs') || String(DEFAULT_MAX_OPEN_PRS)),
    commitAuthor: parseAuthor(get('commit-author') || DEFAULT_COMMIT_AUTHOR),
  };
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
function parseBoolean(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw userError('action.input', `input ${name}: "${value}" is not true or false`);
}

function parseRotateBefore(value: string): number | null {
  if (value === '') return null;
  const reading = readDuration(value);
  if (!reading.ok)
    throw userError('action.input', `input rotate-before: "${value}" is not a duration: ${reading.problem}`);
  return reading.ms;
}

function parseCount(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw userError('action.input', `input ${name}: "${value}" is not a whole number`);
  return n;
}

function parseAuthor(value: string): CommitAuthor {
  const match = /^(.+?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(value);
  if (!match?.[1] || !match[2])
    throw userError('action.input', `input commit-author: "${value}" is not "Name <email>"`);
  return { name: match[1], email: match[2] };
}
