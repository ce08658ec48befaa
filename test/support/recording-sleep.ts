// A sleep for tests: resolves at once and records every requested delay, so retry timing is checked without waiting.
import type { Sleep } from '../../src/kernel/retry.js';

export function recordingSleep(): { sleep: Sleep; delays: number[] } {
  const delays: number[] = [];
  return { sleep: async (ms) => void delays.push(ms), delays };
}
