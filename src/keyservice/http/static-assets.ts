// Serves the built portal (a directory of files) at `/`: content types, cache headers, a strict CSP, no traversal.
// Never serves a file outside the directory (no `..`, no encoded separators, no symlink escape), never lists one.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths the key API owns: never answered with a portal page. */
const API_PREFIXES = ['/v2/', '/api/', '/auth/'];
/** `name-<hash>.ext` (8+ letters and digits, at least one digit): content-hashed names may be cached for a year. */
const HASHED = /[-.](?=[A-Za-z]*\d)[A-Za-z0-9]{8,}\.[a-z0-9]+$/;
const BAD_SEGMENT = /(^|\/)\.\.?(\/|$)|\\|\0/;

/** Whether a GET/HEAD to `pathname` is for the portal rather than the API. */
export function isPortalPath(method: string, pathname: string): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    pathname !== '/healthz' &&
    !API_PREFIXES.some((p) => pathname.startsWith(p) || pathname === p.slice(0, -1))
  );
}

const SECURITY_HEADERS = {
  'content-security-policy': PORTAL_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Answers a portal request from `root` (an absolute directory); resolves to the status sent. */
export async function serveAsset(
  root: string | null,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<number> {
  const notFound = (message: string) => {
    res.writeHead(404, {
      ...SECURITY_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : `${message}\n`);
    return 404;
  };
  if (root === null) return notFound('the portal is not served by this key service');
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return notFound('not found');
  }
  // An encoded slash or backslash would let a "segment" carry a separator; dot segments would climb out.
  if (/%2f|%5c/i.test(pathname) || BAD_SEGMENT.test(decoded)) return notFound('not found');
  const realRoot = await realpath(root).catch(() => undefined);
  if (realRoot === undefined) return notFound('the portal is not built: run npm run build');
  // A path without an extension is one of the page's own routes: the page itself answers it.
  const relative = decoded === '/' || extname(decoded) === '' ? 'index.html' : decoded.slice(1);
  const file = await realpath(join(realRoot, relative)).catch(() => undefined);
  if (file === undefined || !file.startsWith(realRoot + sep))
    return notFound(relative === 'index.html' ? 'the portal is not built: run npm run build' : 'not found');
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) return notFound('not found');
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const cache = relative !== 'index.html' && HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': String(info.size),
    'cache-control': cache,
  });
  if (req.method === 'HEAD') {
    res.end();
    return 200;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
  return 200;
}
