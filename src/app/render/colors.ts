// Colour only on a terminal: renderers take a Colors object so CI logs and files stay plain text.
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function colorsFor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): Colors {
  // NO_COLOR set to an empty string does not count (no-color.org).
  const enabled = stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
  return pc.createColors(enabled);
}

export const plainColors: Colors = pc.createColors(false);
