// sizeHeapForCommand (src/cli/batch-heap.ts), in a fresh Node process each time (it changes process-wide V8 state):
// for a batch command the young generation stays at its starting size while everything allocated survives; for
// another command (serve) V8 grows it as usual.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const module = new URL('../../src/cli/batch-heap.ts', import.meta.url).href;

/** The largest new space (MB) a child reaches while keeping 300,000 small objects, after sizeHeapForCommand(argv). */
async function largestNewSpaceMb(argv: readonly string[]): Promise<number> {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const { sizeHeapForCommand } = await import(${JSON.stringify(module)});
    sizeHeapForCommand(${JSON.stringify(argv)});
    const kept = [];
    let largest = 0;
    for (let i = 0; i < 300000; i++) {
      kept.push({ i, at: new Date(i) });
      if (i % 5000 === 0) {
        const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
        largest = Math.max(largest, space.space_size);
      }
    }
    console.log(largest / 1048576);`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return Number(stdout.trim());
}

describe('sizeHeapForCommand', () => {
  it('holds the young generation at its starting size for plan, lets it grow for serve', async () => {
    const plan = await largestNewSpaceMb(['plan', 'manifests', '--detailed-exitcode']);
    const serve = await largestNewSpaceMb(['serve', '--port', '8080']);
    expect(plan).toBeLessThanOrEqual(4);
    expect(serve).toBeGreaterThan(plan * 2);
  }, 30_000);
});
