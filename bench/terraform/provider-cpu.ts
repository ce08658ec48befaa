// Records the CPU time of every provider process Terraform starts: the launcher's KEYWARD_NODE points at a shell
// wrapper that runs Node and appends the shell's `times` to a log once Node exits. Bench-only; asserts nothing.
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { childCpuSeconds, TIMES_MARK } from './timed-command.js';

export interface ProviderCpuRecorder {
  /** Environment for terraform: the provider's launcher runs Node through the wrapper. */
  readonly env: Readonly<Record<string, string>>;
  /** CPU seconds of each provider process since the last call, in the order they ended; clears the log. */
  take(): Promise<number[]>;
}

/** Writes the wrapper into `dir`; `node` is the Node binary the provider would have run. */
export async function providerCpuRecorder(dir: string, node: string): Promise<ProviderCpuRecorder> {
  const wrapper = join(dir, 'bench-provider-node.sh');
  const log = join(dir, 'bench-provider-cpu.log');
  await writeFile(
    wrapper,
    [
      '#!/bin/sh',
      `"${node}" "$@"`,
      'status=$?',
      `{ echo '${TIMES_MARK}'; times; } >> "${log}"`,
      'exit $status',
      '',
    ].join('\n'),
  );
  await chmod(wrapper, 0o755);
  return {
    env: { KEYWARD_NODE: wrapper },
    async take() {
      const text = await readFile(log, 'utf8').catch(() => '');
      await rm(log, { force: true });
      return text
        .split(TIMES_MARK)
        .slice(1)
        .map((report) => childCpuSeconds(report));
    },
  };
}
