// A minimal Vault HTTP client for KV v2: sends X-Vault-Token and X-Vault-Namespace, parses `{errors: [...]}`.
// It never logs, and VaultHttpError carries status, Vault's messages and headers, never the request body.

export interface VaultAnswer {
  readonly status: number;
  readonly body: unknown;
}

export class VaultHttpError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly messages: readonly string[],
    readonly headers: Readonly<Record<string, string>>,
  ) {
    super(
      status === undefined
        ? `no answer from Vault (${messages.join('; ')})`
        : `Vault answered ${status}${messages.length ? `: ${messages.join('; ')}` : ''}`,
    );
    this.name = 'VaultHttpError';
  }
}

export interface VaultClientOptions {
  readonly address: string;
  readonly token: string;
  readonly namespace: string | undefined;
  readonly fetch?: typeof fetch;
}

export class VaultClient {
  constructor(private readonly options: VaultClientOptions) {}

  /** One request to `/v1/<apiPath>`; a status of 400 or more (other than those in `expected`) throws VaultHttpError. */
  async request(
    method: 'GET' | 'POST' | 'DELETE',
    apiPath: string,
    body?: unknown,
    expected: readonly number[] = [],
  ): Promise<VaultAnswer> {
    const doFetch = this.options.fetch ?? fetch;
    const url = `${this.options.address}/v1/${apiPath.split('/').map(encodeURIComponent).join('/')}`;
    const headers: Record<string, string> = { 'x-vault-token': this.options.token, 'x-vault-request': 'true' };
    if (this.options.namespace) headers['x-vault-namespace'] = this.options.namespace;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const reason = cause?.code ?? cause?.message;
      throw new VaultHttpError(undefined, [typeof reason === 'string' ? reason : (error as Error).message], {});
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.status < 400 || expected.includes(response.status)) return { status: response.status, body: parsed };
    const messages = (parsed as { errors?: unknown } | undefined)?.errors;
    throw new VaultHttpError(
      response.status,
      Array.isArray(messages) ? messages.map(String) : [],
      Object.fromEntries(response.headers),
    );
  }
}
