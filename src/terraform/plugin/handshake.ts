// go-plugin's start-up rules for a Terraform provider: the magic cookie, protocol negotiation, the one stdout line.
// Pure functions; nothing here writes to stdout (the caller prints the line, and nothing else).

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
const CORE_PROTOCOL_VERSION = 1;
const APP_PROTOCOL_VERSION = 6;

export type Env = Readonly<Record<string, string | undefined>>;

export type HandshakeCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Refuses to start outside Terraform (no cookie) or when Terraform cannot speak protocol 6. */
export function checkHandshakeEnv(env: Env): HandshakeCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    return {
      ok: false,
      message:
        'This binary is a Terraform plugin (terraform-provider-keyward). It is not meant to be run directly.\n' +
        'Install it through a filesystem mirror or dev_overrides and let Terraform start it; see docs/terraform.md.',
    };
  }
  const versions = env['PLUGIN_PROTOCOL_VERSIONS'];
  if (versions !== undefined && versions.trim() !== '') {
    const offered = versions.split(',').map((v) => v.trim());
    if (!offered.includes(String(APP_PROTOCOL_VERSION))) {
      return {
        ok: false,
        message: `terraform-provider-keyward speaks plugin protocol ${APP_PROTOCOL_VERSION}; Terraform offered ${versions}. Use Terraform 1.0 or later.`,
      };
    }
  }
  return { ok: true };
}

/** How go-plugin reaches the provider: a unix socket, or a localhost TCP port (go-plugin's way on Windows). */
export type PluginNetwork = 'unix' | 'tcp';

/**
 * TCP on Windows, as go-plugin itself does there (Node listens on a named pipe, not a unix socket, for a path);
 * `KEYWARD_PLUGIN_NETWORK=tcp|unix` overrides it, e.g. where unix sockets cannot be created.
 */
export function pluginNetwork(env: Env, platform: NodeJS.Platform): PluginNetwork {
  const chosen = env['KEYWARD_PLUGIN_NETWORK'];
  if (chosen === 'tcp' || chosen === 'unix') return chosen;
  return platform === 'win32' ? 'tcp' : 'unix';
}

/** The ports go-plugin allows for TCP (`PLUGIN_MIN_PORT`..`PLUGIN_MAX_PORT`); none set means any free port. */
export function pluginPortRange(env: Env): { readonly min: number; readonly max: number } | null {
  const min = Number(env['PLUGIN_MIN_PORT']);
  const max = Number(env['PLUGIN_MAX_PORT']);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max) return null;
  return { min, max };
}

/**
 * The single handshake line: `1|6|unix|<socket>|grpc|<cert>` or `1|6|tcp|127.0.0.1:<port>|grpc|<cert>` (cert
 * empty without mutual TLS).
 */
export function handshakeLine(network: PluginNetwork, address: string, certBase64: string | null): string {
  return [CORE_PROTOCOL_VERSION, APP_PROTOCOL_VERSION, network, address, 'grpc', certBase64 ?? ''].join('|');
}
