// Child process of bench/plan: runs the compiled `keyward plan` (npm run build → lib/) in-process and reports
// its wall time and peak RSS on stderr, so the peak measured is the plan's alone, not the seeding harness's.
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { runCli } from '../../lib/cli/program.js';
import { sizeHeapForCommand } from '../../lib/cli/batch-heap.js';

/**
 * Peak RSS of this process in KiB. On Linux, getrusage's ru_maxrss survives fork+exec, so a child started by the
 * (large) benchmark harness would report the harness's RSS; VmHWM in /proc/self/status belongs to this process's
 * own address space. Elsewhere process.resourceUsage() is the best available figure.
 */
function peakRssKb() {
  try {
    const found = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (found) return Number(found[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

let bytes = 0;
const sink = new Writable({
  write(chunk, _encoding, done) {
    bytes += chunk.length;
    done();
  },
});
// What the `keyward` entry point (src/cli/main.ts) does before it runs a command.
sizeHeapForCommand(process.argv.slice(2));
const started = performance.now();
const cpuStart = process.cpuUsage();
const code = await runCli(process.argv.slice(2), {
  stdout: sink,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
process.stderr.write(
  `\nMEASURE ${JSON.stringify({ code, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: peakRssKb(), ruMaxRssKb: process.resourceUsage().maxRSS, outputBytes: bytes })}\n`,
);
process.exitCode = code;
