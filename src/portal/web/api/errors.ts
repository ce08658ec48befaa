// Turns a failed call into a sentence a person can act on; a 403 explains the missing permission in words.
// Never shows raw JSON, a stack, a status line alone, or anything from a request body.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** The readable sentence to show. */
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const FALLBACK: Readonly<Record<number, string>> = {
  400: 'The key service could not accept this request.',
  401: 'Your session has ended. Sign in again.',
  403: 'You do not have permission to do this.',
  404: 'This item no longer exists. It may have been deleted by someone else.',
  409: 'This conflicts with the current state. Reload and try again.',
  413: 'This request is too large.',
  429: 'Too many attempts. Wait a moment and try again.',
};

function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const first = t[0]?.toUpperCase() ?? '';
  return /[.!?]$/.test(t) ? `${first}${t.slice(1)}` : `${first}${t.slice(1)}.`;
}

/** The message of a `{"error":[{"message","code"}]}` body, when the body has that shape. */
function serviceMessage(body: unknown): { message: string; code: string } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const list = body.error;
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  if (typeof first !== 'object' || first === null) return undefined;
  const { message, code } = first as { message?: unknown; code?: unknown };
  if (typeof message !== 'string' || message === '') return undefined;
  return { message, code: typeof code === 'string' ? code : '' };
}

/** The error for a non-2xx answer with its (possibly non-JSON) body. */
export function errorFor(status: number, body: unknown): ApiError {
  const found = serviceMessage(body);
  const base = FALLBACK[status] ?? `The key service answered with an error (HTTP ${status}). Try again later.`;
  if (found === undefined) return new ApiError(status, '', base);
  if (status === 403)
    return new ApiError(status, found.code, `You are not allowed to do this: ${found.message}`.replace(/\.?$/, '.'));
  return new ApiError(status, found.code, sentence(found.message));
}

/** A readable sentence for anything thrown by a call (network failures included). */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'The key service could not be reached. Check your connection and try again.';
}
