// Calls the key API with an API key (Authorization: Token), to seed data and to check what the browser did.
// Never sends a session cookie: these calls prove what a key, not a signed-in page, may do.

export interface TokenAnswer {
  readonly status: number;
  readonly body: {
    result?: Record<string, unknown>;
    results?: Array<Record<string, unknown>>;
    error?: Array<{ message: string }>;
  };
}

export function tokenApi(baseUrl: () => string, defaultKey: string) {
  return async (method: string, path: string, body?: unknown, key: string = defaultKey): Promise<TokenAnswer> => {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { Authorization: `Token ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as TokenAnswer['body']) };
  };
}
