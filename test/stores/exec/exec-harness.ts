// Test harness for the exec store: real shell scripts in a temp dir that keep each secret in a file, with fault
// injection through a `faults` file the scripts read (transient → exit 75, denied → exit 77, broken → exit 1).
import { writeFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../support/fake-clock.js';
import type { KeywardEvent } from '../../../src/kernel/events.js';
import { createExecStore, type ExecStore } from '../../../src/stores/exec/index.js';
import { recordingSleep } from '../../support/recording-sleep.js';
import type { StoreConfig } from '../../../src/core/ports/secret-store.js';
import type { StoreHarness } from '../../contract/store-contract.js';
import { crashingSink } from '../../contract/store-crash-rules.js';

const FAULTS = `fault_file="$(dirname "$0")/faults"
if [ -s "$fault_file" ]; then
  first=$(head -n 1 "$fault_file")
  case "$first" in
    broken) echo "backend is down" >&2; exit 1 ;;
    transient) tail -n +2 "$fault_file" > "$fault_file.new"; mv "$fault_file.new" "$fault_file"; echo "busy, try later" >&2; exit 75 ;;
    denied) tail -n +2 "$fault_file" > "$fault_file.new"; mv "$fault_file.new" "$fault_file"; echo "token lacks secrets:write" >&2; exit 77 ;;
  esac
fi
`;

/**
 * The scripts: deliver <name> <keyId> <updatedAt> (secret on stdin), describe <name>, delete <name>. deliver keeps
 * the pending protocol docs/stores.md asks of exec destinations: mark the write uncertain, write the value, confirm.
 * A `die-after-<marker|value>` line in the faults file makes deliver kill itself (SIGKILL) there; `fail-after-` exit 1.
 */
const SCRIPTS: Record<string, string> = {
  'faults.sh': FAULTS,
  'deliver.sh': `#!/bin/sh
set -eu
. "$(dirname "$0")/faults.sh"
data="$(dirname "$0")/data"
die_after() {
  if grep -qx "die-after-$1" "$fault_file" 2>/dev/null; then sed -i "/^die-after-$1$/d" "$fault_file"; kill -9 $$; fi
  if grep -qx "fail-after-$1" "$fault_file" 2>/dev/null; then sed -i "/^fail-after-$1$/d" "$fault_file"; echo "backend refused" >&2; exit 1; fi
}
mkdir -p "$data"
prev=""
if [ -f "$data/$1.value" ] && [ -f "$data/$1.candidates" ]; then prev=$(cat "$data/$1.candidates"); fi
list="$2"
for id in $prev; do [ "$id" = "$2" ] || list="$list $id"; done
quoted=$(printf '"%s",' $list)
printf '{"state": "uncertain", "candidates": [%s], "updatedAt": "%s"}\\n' "\${quoted%,}" "$3" > "$data/$1.json.tmp"
mv "$data/$1.json.tmp" "$data/$1.json"
printf '%s\\n' $list > "$data/$1.candidates"
die_after marker
cat > "$data/$1.value.tmp"
mv "$data/$1.value.tmp" "$data/$1.value"
die_after value
printf '{"state": "holds", "keyId": "%s", "updatedAt": "%s"}\\n' "$2" "$3" > "$data/$1.json.tmp"
mv "$data/$1.json.tmp" "$data/$1.json"
printf '%s\\n' "$2" > "$data/$1.candidates"
`,
  'describe.sh': `#!/bin/sh
set -eu
. "$(dirname "$0")/faults.sh"
data="$(dirname "$0")/data"
if [ -f "$data/$1.value" ] && [ -f "$data/$1.json" ]; then cat "$data/$1.json"; else echo '{"state": "absent"}'; fi
`,
  'delete.sh': `#!/bin/sh
set -eu
. "$(dirname "$0")/faults.sh"
data="$(dirname "$0")/data"
rm -f "$data/$1.value" "$data/$1.json" "$data/$1.candidates"
`,
};

const SCRIPTED_CONFIG: StoreConfig = {
  type: 'exec',
  command: ['./deliver.sh', '{name}', '{keyId}', '{updatedAt}'],
  describe: ['./describe.sh', '{name}'],
  delete: ['./delete.sh', '{name}'],
  timeout: '20s',
};

export interface ExecHarness extends StoreHarness {
  readonly store: ExecStore;
  readonly dir: string;
  readonly sleeps: number[];
  readonly events: readonly KeywardEvent[];
  /** Writes an extra script into the temp dir (mode 0755). */
  script(name: string, body: string): Promise<void>;
  /** The next deliver.sh run kills itself with SIGKILL after the marker or after the value. */
  dieAfter(step: 'marker' | 'value'): void;
  /** The next deliver.sh run exits 1 after the marker or after the value. */
  failAfter(step: 'marker' | 'value'): void;
  /** A store over the same dir with another config (describe defaults to the scripted describe.sh). */
  storeWith(config: Record<string, unknown>, env?: Record<string, string>): ExecStore;
}

export async function makeExecHarness(storeName = 'deliver'): Promise<ExecHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-exec-store-'));
  const script = async (name: string, body: string): Promise<void> => {
    await writeFile(join(dir, name), body);
    await chmod(join(dir, name), 0o755);
  };
  for (const [name, body] of Object.entries(SCRIPTS)) await script(name, body);
  const clock = new FakeClock();
  const { sleep, delays } = recordingSleep();
  const { sink, events, crashAfter } = crashingSink();
  const storeWith = (
    config: Record<string, unknown>,
    env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  ): ExecStore =>
    createExecStore(
      storeName,
      { type: 'exec', describe: ['./describe.sh', '{name}'], ...config },
      { env, baseDir: dir, clock, sleep, events: sink },
    );
  const faults = (line: string, count: number): void => writeFileSync(join(dir, 'faults'), `${line}\n`.repeat(count));
  return {
    store: storeWith(SCRIPTED_CONFIG),
    clock,
    dir,
    sleeps: delays,
    events,
    crashAfter,
    script,
    storeWith,
    async peek(name) {
      return readFile(join(dir, 'data', `${name}.value`), 'utf8').catch(() => undefined);
    },
    async breakBackend() {
      faults('broken', 1);
    },
    dieAfter: (step) => faults(`die-after-${step}`, 1),
    failAfter: (step) => faults(`fail-after-${step}`, 1),
    faults: {
      transient: (count) => faults('transient', count),
      denied: () => faults('denied', 1),
      sleeps: delays,
    },
    async cleanup() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
