// The Windows launcher in the provider mirror: the committed .exe is an x86-64 console program built from
// windows-launcher.c (rebuilt here with mingw-w64, byte for byte), and every Windows directory of the mirror holds it.
// Nothing here runs it: this machine has no Windows. The TCP transport it relies on is run in mirror-platforms.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWindowsLauncher, WINDOWS_LAUNCHER } from '../../../src/terraform/launcher/build-windows-launcher.js';

const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
const PE32_PLUS_MAGIC = 0x20b;
const IMAGE_SUBSYSTEM_WINDOWS_CUI = 3;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-launcher-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Windows launcher', () => {
  it('is a PE32+ x86-64 console executable', async () => {
    const exe = await readFile(WINDOWS_LAUNCHER);
    expect(exe.subarray(0, 2).toString('latin1')).toBe('MZ');
    const pe = exe.readUInt32LE(0x3c);
    expect(exe.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
    expect(exe.readUInt16LE(pe + 4)).toBe(IMAGE_FILE_MACHINE_AMD64);
    const optional = pe + 24;
    expect(exe.readUInt16LE(optional)).toBe(PE32_PLUS_MAGIC);
    expect(exe.readUInt16LE(optional + 68)).toBe(IMAGE_SUBSYSTEM_WINDOWS_CUI);
    // It starts provider.mjs with Node.js and names KEYWARD_NODE when it cannot (UTF-16 strings in the image).
    const text = exe.toString('utf16le') + exe.subarray(1).toString('utf16le');
    expect(text).toContain('provider.mjs');
    expect(text).toContain('KEYWARD_NODE');
  });

  it('is exactly what windows-launcher.c compiles to (rebuild: npx tsx src/terraform/launcher/build-windows-launcher.ts)', async () => {
    const rebuilt = join(dir, 'launcher.exe');
    await buildWindowsLauncher(rebuilt);
    expect((await readFile(rebuilt)).equals(await readFile(WINDOWS_LAUNCHER))).toBe(true);
  });
});
