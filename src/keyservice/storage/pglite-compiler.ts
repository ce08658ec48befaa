// Runs PGlite's WebAssembly on V8's baseline compiler (Liftoff) only: the setting for a long-running server process.
// It is process-wide V8 state, so only an entry point (`keyward serve`) calls it, before PGlite loads; never a library.
import { setFlagsFromString } from 'node:v8';

/**
 * V8 compiles WebAssembly with Liftoff and recompiles hot functions with its optimising compiler (TurboFan). For
 * PGlite's 9 MB module that second tier, and the compile memory it leaves in the allocator's thread arenas, costs
 * about 65 MB resident on a fresh data directory (bench/memory). The key service caches key lookups and writes
 * last-used times in batches, so verify does not wait on PGlite per request and gains little from faster code
 * (bench/verify). `--liftoff-only` ("disallow TurboFan compilation for WebAssembly", `node --v8-options`) is read
 * when a module is compiled, so it takes effect through node:v8's setFlagsFromString before PGlite compiles.
 */
export function pgliteOnBaselineCompiler(): void {
  setFlagsFromString('--liftoff-only');
}
