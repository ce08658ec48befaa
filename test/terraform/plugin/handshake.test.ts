// go-plugin start-up rules: magic cookie, protocol negotiation and the handshake line's shape.
import { describe, expect, it } from 'vitest';
import {
  checkHandshakeEnv,
  handshakeLine,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  pluginNetwork,
  pluginPortRange,
} from '../../../src/terraform/plugin/handshake.js';

describe('handshake', () => {
  it('refuses to start without the magic cookie, with a message for people', () => {
    const check = checkHandshakeEnv({});
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(/Terraform plugin.*not meant to be run directly/s);
  });

  it('accepts the cookie and a protocol list that includes 6', () => {
    expect(checkHandshakeEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6' }).ok).toBe(
      true,
    );
    expect(checkHandshakeEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE }).ok).toBe(true);
  });

  it('refuses a Terraform that cannot speak protocol 6', () => {
    const check = checkHandshakeEnv({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5' });
    expect(!check.ok && check.message).toMatch(/protocol 6/);
  });

  it('formats core|app|network|address|protocol|cert', () => {
    expect(handshakeLine('unix', '/tmp/x/plugin.sock', 'QUJD')).toBe('1|6|unix|/tmp/x/plugin.sock|grpc|QUJD');
    expect(handshakeLine('unix', '/tmp/x/plugin.sock', null)).toBe('1|6|unix|/tmp/x/plugin.sock|grpc|');
    expect(handshakeLine('tcp', '127.0.0.1:10001', null)).toBe('1|6|tcp|127.0.0.1:10001|grpc|');
  });

  it('listens on TCP on Windows as go-plugin does there, on a unix socket elsewhere, unless told otherwise', () => {
    expect(pluginNetwork({}, 'win32')).toBe('tcp');
    expect(pluginNetwork({}, 'linux')).toBe('unix');
    expect(pluginNetwork({}, 'darwin')).toBe('unix');
    expect(pluginNetwork({ KEYWARD_PLUGIN_NETWORK: 'tcp' }, 'linux')).toBe('tcp');
    expect(pluginNetwork({ KEYWARD_PLUGIN_NETWORK: 'unix' }, 'win32')).toBe('unix');
    expect(pluginNetwork({ KEYWARD_PLUGIN_NETWORK: 'bogus' }, 'linux')).toBe('unix');
  });

  it("reads go-plugin's TCP port range, ignoring one that is absent or malformed", () => {
    expect(pluginPortRange({ PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000' })).toEqual({ min: 10000, max: 25000 });
    expect(pluginPortRange({})).toBeNull();
    expect(pluginPortRange({ PLUGIN_MIN_PORT: '20', PLUGIN_MAX_PORT: '10' })).toBeNull();
    expect(pluginPortRange({ PLUGIN_MIN_PORT: 'x', PLUGIN_MAX_PORT: '10' })).toBeNull();
  });
});
