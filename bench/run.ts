// `npm run bench`: builds the CLI, then runs every benchmark under bench/ one after the other and prints their figures.
// Each benchmark measures its comparison side by side in its own run; nothing here asserts on time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);

console.log('building the CLI (npm run build) so benchmarks measure compiled code...');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });

const benches = readdirSync(join(import.meta.dirname), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(import.meta.dirname, d.name, `${d.name}-bench.ts`)))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench/${name}`);
  try {
    execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, name, `${name}-bench.ts`)], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    failed += 1;
    console.log(`bench/${name} failed`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
