// go-plugin start-up rules: magic cookie, protocol negotiation and the handshake line's shape.
import { describe, expect, it } from 'vitest';
import {
  checkHandshakeEnv,
  handshakeLine,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
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
    expect(handshakeLine('/tmp/x/plugin.sock', 'QUJD')).toBe('1|6|unix|/tmp/x/plugin.sock|grpc|QUJD');
    expect(handshakeLine('/tmp/x/plugin.sock', null)).toBe('1|6|unix|/tmp/x/plugin.sock|grpc|');
  });
});
