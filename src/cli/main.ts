// Entry point of the `keyward` command: parses argv and exits with the command's code.
// A reader that stops early (`keyward plan | head`) closes the pipe: output stops, the command still finishes (no half
// apply).
import { runCli } from './program.js';
import { processIo } from './io.js';
import { sizeHeapForCommand } from './batch-heap.js';

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

sizeHeapForCommand(process.argv.slice(2));
const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
