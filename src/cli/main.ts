// Entry point of the `keyward` command: parses argv and exits with the command's code.
import { runCli } from './program.js';
import { processIo } from './io.js';

const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
