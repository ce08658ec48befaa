// Reads one manifest file as UTF-8 text, refusing what is not a manifest before any parser sees it:
// files over 1 MiB, binary files, UTF-16, invalid UTF-8. Never hands undecodable bytes onwards.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ManifestProblem } from './problems.js';

/** Largest manifest file keyward reads: 1 MiB. Split bigger inventories across files. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export type ReadResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: ManifestProblem };

/**
 * Synchronous on purpose: a manifest is small and local, and four thread-pool round trips per file (open, stat, read,
 * close) cost more than the reading itself. Callers reading many files yield between them (load.ts).
 */
export function readManifestText(absolute: string, display: string): ReadResult {
  const fail = (message: string, line = 1, column = 1): ReadResult => ({
    ok: false,
    problem: { file: display, line, column, path: '', message },
  });
  let bytes: Buffer;
  try {
    const fd = openSync(absolute, 'r');
    try {
      const { size } = fstatSync(fd);
      if (size > MAX_MANIFEST_BYTES)
        return fail(`file is ${size} bytes; manifests are limited to ${MAX_MANIFEST_BYTES} bytes (1 MiB), split it`);
      // A buffer of the stat size, not of the limit: a directory of small manifests should not cost 1 MiB each.
      let buffer = Buffer.alloc(size + 1);
      let bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
      if (bytesRead === buffer.length && buffer.length <= MAX_MANIFEST_BYTES) {
        // The file grew since stat (or reports no size): read it again, one byte past the limit.
        buffer = Buffer.alloc(MAX_MANIFEST_BYTES + 1);
        bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
      }
      if (bytesRead > MAX_MANIFEST_BYTES)
        return fail(`file is larger than ${MAX_MANIFEST_BYTES} bytes (1 MiB), split it`);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return fail(`cannot be read (${code})${code === 'EACCES' ? ': permission denied' : ''}`);
  }
  return decode(bytes, fail);
}

function decode(bytes: Buffer, fail: (message: string, line?: number, column?: number) => ReadResult): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('file is UTF-16; save it as UTF-8');
  }
  const nul = bytes.indexOf(0);
  const text = bytes.toString('utf8');
  const bad = firstInvalidUtf8(bytes, text);
  if (nul >= 0 || bad !== undefined) {
    const offset = Math.min(nul >= 0 ? nul : Infinity, bad ?? Infinity);
    const { line, column } = lineColumn(bytes.subarray(0, offset).toString('utf8'));
    return fail(
      nul === offset ? 'file is binary (it contains a NUL byte), not a YAML manifest' : 'file is not valid UTF-8',
      line,
      column,
    );
  }
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Byte offset of the first byte sequence that is not UTF-8, or undefined. Linear, even with many U+FFFD. */
function firstInvalidUtf8(bytes: Buffer, decoded: string): number | undefined {
  if (isUtf8(bytes)) return undefined;
  let index = decoded.indexOf('\ufffd');
  let scanned = 0;
  let offset = 0;
  while (index >= 0) {
    offset += Buffer.byteLength(decoded.slice(scanned, index), 'utf8');
    // A genuine U+FFFD in the file is EF BF BD; anything else is where decoding failed.
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    offset += 3;
    scanned = index + 1;
    index = decoded.indexOf('\ufffd', scanned);
  }
  return undefined;
}

function lineColumn(prefix: string): { line: number; column: number } {
  const lines = prefix.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
