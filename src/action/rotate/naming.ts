// Names and markers of rotation PRs: the branch `keyward/rotate/<manifest>-<user>.<key>-g<n>` (keys joined), and the
// hidden JSON marker in the PR body that says which manifest and key generations a PR is about.
import { createHash } from 'node:crypto';
import { rotationLabel, type DueKey } from './due-keys.js';

export const BRANCH_PREFIX = 'keyward/rotate/';
const MAX_BRANCH = 200;
const MARKER = /<!-- keyward:rotate (\{.*?\}) -->/;
export const SUPERSEDED_MARKER = '<!-- keyward:superseded -->';

/** Lower-case letters, digits, dots, dashes and underscores only, as git and people like branch names. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/\.ya?ml$/, '')
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .replace(/\.{2,}/g, '.') || 'x'
  );
}

export function branchName(file: string, keys: readonly DueKey[]): string {
  const parts = keys.map((k) => `${slug(k.serviceUser)}.${slug(k.key)}-g${k.nextGeneration}`);
  const name = `${BRANCH_PREFIX}${slug(file)}-${parts.join('-')}`;
  if (name.length <= MAX_BRANCH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, MAX_BRANCH - 11).replace(/[-.]+$/, '')}-${hash}`;
}

export interface RotationMarker {
  readonly manifest: string;
  /** rotationLabel() of each key the PR bumps. */
  readonly keys: readonly string[];
}

export function markerFor(file: string, keys: readonly DueKey[]): RotationMarker {
  return { manifest: file, keys: keys.map(rotationLabel) };
}

export function renderMarker(marker: RotationMarker): string {
  return `<!-- keyward:rotate ${JSON.stringify(marker).replace(/--/g, '\\u002d\\u002d')} -->`;
}

/** The marker a PR body carries, or null when it is not a keyward rotation PR. */
export function parseMarker(body: string | null | undefined): RotationMarker | null {
  const match = MARKER.exec(body ?? '');
  if (!match?.[1]) return null;
  try {
    const value = JSON.parse(match[1]) as { manifest?: unknown; keys?: unknown };
    if (
      typeof value.manifest !== 'string' ||
      !Array.isArray(value.keys) ||
      !value.keys.every((k) => typeof k === 'string')
    )
      return null;
    return { manifest: value.manifest, keys: value.keys };
  } catch {
    return null;
  }
}
