// Title and body of a rotation PR: each key, its expiry, its last use, and what merging will do.
// Names, key IDs, dates and store refs only; never a secret.
import type { DueKey } from './due-keys.js';
import { renderMarker, type RotationMarker } from './naming.js';

const DAY = 86_400_000;

function when(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const days = Math.round((new Date(iso).getTime() - now.getTime()) / DAY);
  const relative =
    days === 0
      ? 'today'
      : days > 0
        ? `in ${days} day${days === 1 ? '' : 's'}`
        : `${-days} day${days === -1 ? '' : 's'} ago`;
  return `${iso} (${relative})`;
}

export function rotationTitle(file: string, keys: readonly DueKey[]): string {
  const first = keys[0];
  const what =
    keys.length === 1 && first
      ? `${first.serviceUser}/${first.key} to generation ${first.nextGeneration}`
      : `${keys.length} keys`;
  return `keyward: rotate ${what} in ${file}`;
}

export function rotationBody(
  file: string,
  keys: readonly DueKey[],
  marker: RotationMarker,
  now: Date,
  runUrl: string | null,
): string {
  const rows = keys.map((k) => {
    const name = k.nextGeneration === 1 ? k.key : `${k.key}#${k.nextGeneration}`;
    const stores = k.stores.length ? k.stores.join(', ') : 'no store';
    const onMerge = `create \`${name}\`, write it to ${stores}; disable \`${k.generation === 1 ? k.key : `${k.key}#${k.generation}`}\` after ${k.overlap} overlap once it is no longer used`;
    return `| \`${k.scope}/${k.serviceUser}/${k.key}\` | ${k.generation} → ${k.nextGeneration} | ${when(k.expiresAt, now)} | ${when(k.lastUsedAt, now)} | ${onMerge} |`;
  });
  return [
    renderMarker(marker),
    `These keys in \`${file}\` expire within their rotation window. This PR bumps their \`generation\`; nothing changes until it is merged.`,
    '',
    '| key | generation | expires | last used | on merge (apply job) |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Closing this PR without merging skips these generations: keyward will not propose them again. Later runs update this PR (the branch is rebuilt on the base branch when it falls behind).',
    runUrl ? `\n<sub>Opened by keyward · [workflow run](${runUrl})</sub>` : '\n<sub>Opened by keyward</sub>',
  ].join('\n');
}
