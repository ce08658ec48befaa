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

/**
 * Writes the wrapper `<name>.sh` into `dir`; `node` is the Node binary the provider would have run. With `script`,
 * Node runs that file instead of the launcher's provider.mjs (the bench's replay provider).
 */
export async function providerCpuRecorder(
  dir: string,
  name: string,
  node: string,
  script?: string,
): Promise<ProviderCpuRecorder> {
  const wrapper = join(dir, `${name}.sh`);
  const log = join(dir, `${name}-cpu.log`);
  await writeFile(
    wrapper,
    [
      '#!/bin/sh',
      script === undefined ? `"${node}" "$@"` : `"${node}" "${script}"`,
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
