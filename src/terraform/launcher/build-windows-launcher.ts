// Builds the Windows launcher (windows-launcher.c → windows-launcher.exe) with mingw-w64, byte for byte
// reproducibly (no timestamp, stripped), so the committed .exe can be checked against its source.
// Run: npx tsx src/terraform/launcher/build-windows-launcher.ts (needs Debian's gcc-mingw-w64-x86-64-win32).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WINDOWS_LAUNCHER_SOURCE = resolve(HERE, 'windows-launcher.c');
/** The committed launcher the provider package copies into its Windows directories. */
export const WINDOWS_LAUNCHER = resolve(HERE, 'windows-launcher.exe');
const MINGW_GCC = 'x86_64-w64-mingw32-gcc';

/** Compiles the launcher to `outFile`; the same compiler gives the same bytes. */
export async function buildWindowsLauncher(outFile: string): Promise<void> {
  const args = ['-O2', '-s', '-Wall', '-Wextra', '-Werror', '-o', outFile, WINDOWS_LAUNCHER_SOURCE];
  await promisify(execFile)(MINGW_GCC, [...args, '-Wl,--no-insert-timestamp'], { cwd: HERE });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWindowsLauncher(WINDOWS_LAUNCHER);
  process.stderr.write(`built ${WINDOWS_LAUNCHER}\n`);
}
