// Runs terraform-provider-keyward: checks the go-plugin handshake, serves gRPC, waits for Terraform's Shutdown.
// Takes all I/O as parameters; writes exactly one line to `stdout` (the handshake) and logs to `stderr`.
import type { Clock } from '../kernel/clock.js';
import { checkHandshakeEnv, type Env } from './plugin/handshake.js';
import { servePlugin } from './plugin/serve.js';
import type { ProviderDeps } from './rpc/provider-deps.js';
import { createProviderService } from './rpc/provider-service.js';

export interface ProviderRunOptions {
  readonly env: Env;
  readonly clock: Clock;
  readonly protoDir: string;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Everything but env, clock and log, which come from the options above. */
  readonly deps: Omit<ProviderDeps, 'env' | 'clock' | 'log'>;
}

/** Resolves with the process exit code: 1 when not started by Terraform, 0 after Shutdown. */
export async function runProvider(options: ProviderRunOptions): Promise<number> {
  const check = checkHandshakeEnv(options.env);
  if (!check.ok) {
    options.stderr(check.message);
    return 1;
  }
  const log = (line: string): void => options.stderr(`[keyward-provider] ${line}`);
  const provider = createProviderService({ ...options.deps, env: options.env, clock: options.clock, log });
  const running = await servePlugin({
    env: options.env,
    protoDir: options.protoDir,
    provider,
    clock: options.clock,
    announce: options.stdout,
    log,
  });
  await running.stopped;
  return 0;
}
