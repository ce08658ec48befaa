// Child process of bench/plan: runs the compiled `keyward plan` (npm run build → lib/) in-process and reports
// its wall time and peak RSS on stderr, so the peak measured is the plan's alone, not the seeding harness's.
import { Writable } from 'node:stream';
import { runCli } from '../../lib/cli/program.js';

let bytes = 0;
const sink = new Writable({ write(chunk, _encoding, done) { bytes += chunk.length; done(); } });
const started = performance.now();
const code = await runCli(process.argv.slice(2), { stdout: sink, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
const ms = performance.now() - started;
process.stderr.write(`\nMEASURE ${JSON.stringify({ code, ms, maxRssKb: process.resourceUsage().maxRSS, outputBytes: bytes })}\n`);
process.exitCode = code;
