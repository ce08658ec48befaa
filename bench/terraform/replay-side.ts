// bench/terraform's measurement aid, set up beside the real provider: replay-provider.ts bundled like the provider,
// one recording plan through keyward's real provider service, then timed plans that only replay the recorded bytes.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROVIDER_BUNDLE_OPTIONS } from '../../src/terraform/package.js';
import { PROTO_DIR } from '../../src/terraform/plugin/protocol-json.js';
import type { TerraformWorkspace } from '../../test/terraform/support/terraform-cli.js';
import { providerCpuRecorder, type ProviderCpuRecorder } from './provider-cpu.js';
import { timedCommand, type TimedResult } from './timed-command.js';

export interface ReplaySide {
  /** One timed plan through the replay provider (its processes' CPU goes to `recorder`). */
  plan(): Promise<TimedResult>;
  readonly recorder: ProviderCpuRecorder;
}

/** Bundles the aid into the workspace and records the replies of one plan through it (not timed). */
export async function replaySide(
  tf: TerraformWorkspace,
  env: Readonly<Record<string, string>>,
  args: readonly string[],
): Promise<ReplaySide> {
  const outdir = join(tf.dir, '..', 'replay-provider');
  await mkdir(outdir, { recursive: true });
  await build({
    ...PROVIDER_BUNDLE_OPTIONS,
    entryPoints: { 'replay-provider': join(import.meta.dirname, 'replay-provider.ts') },
    outdir,
  });
  const node = tf.env['KEYWARD_NODE'] ?? process.execPath;
  const recorder = await providerCpuRecorder(tf.dir, 'replay', node, join(outdir, 'replay-provider.mjs'));
  const replayEnv = (mode: string) => ({
    ...tf.env,
    ...env,
    ...recorder.env,
    KEYWARD_BENCH_REPLAY_MODE: mode,
    KEYWARD_BENCH_REPLAY_FILE: join(outdir, 'replies.txt'),
    KEYWARD_BENCH_REPLAY_PROTO: PROTO_DIR,
  });
  const recording = await timedCommand('terraform', args, { cwd: tf.dir, env: replayEnv('record') });
  if (recording.code !== 0)
    throw new Error(`the recording plan through the replay provider failed:\n${recording.stderr.slice(-2000)}`);
  await recorder.take();
  return { plan: () => timedCommand('terraform', args, { cwd: tf.dir, env: replayEnv('replay') }), recorder };
}
