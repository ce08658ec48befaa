// The portal's one way of calling the key service: same-origin fetch with the session cookie and the CSRF header.
// Never puts a secret in a URL, never logs, never caches an answer that held a key.
import { errorFor } from './errors.js';
import { listParams, type ListRequest } from './query.js';

export interface ClientOptions {
  /** The CSRF token of the session (sent on every request, GET included); undefined before sign-in. */
  readonly csrfToken: () => string | undefined;
  /** Called when the service says the session is gone (401), so the shell can show the sign-in page. */
  readonly onSignedOut: () => void;
  /** The header the server reads the CSRF token from. */
  readonly csrfHeader?: string;
}

export interface ListPage<T> {
  readonly items: readonly T[];
  /** Whether a row exists past this page (the page asked for one more than it shows). */
  readonly hasMore: boolean;
}

export class ApiClient {
  constructor(private readonly options: ClientOptions) {}

  /** Sends one request; answers the body text, or throws an ApiError whose message is a readable sentence. */
  private async send(method: string, path: string, body?: unknown): Promise<string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = this.options.csrfToken();
    if (token !== undefined) headers[this.options.csrfHeader ?? 'X-CSRF-Token'] = token;
    const res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const text = await res.text();
    if (!res.ok) {
      if (res.status === 401) this.options.onSignedOut();
      throw errorFor(res.status, parseJson(text));
    }
    return text;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return parseJson(await this.send(method, path, body)) as T;
  }

  /** A GET whose answer is not JSON (the audit log's CSV and JSON lines). */
  async text(path: string): Promise<string> {
    return this.send('GET', path);
  }

  async get<T>(path: string): Promise<T> {
    const body = await this.request<{ result: T }>('GET', path);
    return body.result;
  }

  async list<T>(path: string, request: ListRequest = {}): Promise<T[]> {
    const query = listParams(request);
    const body = await this.request<{ results: T[] }>('GET', query === '' ? path : `${path}?${query}`);
    return body.results;
  }

  /** One page of `pageSize` rows at `offset`; asks for one extra row to know whether another page follows. */
  async page<T>(path: string, request: ListRequest & { limit: number }): Promise<ListPage<T>> {
    const rows = await this.list<T>(path, { ...request, limit: request.limit + 1 });
    return { items: rows.slice(0, request.limit), hasMore: rows.length > request.limit };
  }

  async create<T>(path: string, body: unknown): Promise<T> {
    const answer = await this.request<{ result: T }>('POST', path, body);
    return answer.result;
  }

  async patch<T>(path: string, body: unknown): Promise<T> {
    const answer = await this.request<{ result: T }>('PATCH', path, body);
    return answer.result;
  }

  async remove(path: string): Promise<void> {
    await this.request<unknown>('DELETE', path);
  }
}

/** The path segment for an object id (the service accepts bare and prefixed ids; the bare one keeps URLs short). */
export function bareId(id: string): string {
  const slash = id.lastIndexOf('/');
  return encodeURIComponent(slash === -1 ? id : id.slice(slash + 1));
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
