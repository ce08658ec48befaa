// import: remote users and keys become a manifest that the loader accepts and that names the latest generation of each
// key.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessFor, importManifest } from '../../src/cli/import-manifest.js';
import { loadManifests } from '../../src/core/manifest/index.js';
import type { RemoteGroup, RemoteKey, RemoteRole, RemoteUser } from '../../src/core/ports/key-driver.js';

const user: RemoteUser = {
  id: 'u1',
  name: 'payments-deployer',
  email: null,
  type: 'service',
  description: 'Deploys',
  groups: ['deployers'],
  createdAt: null,
};
const at = new Date('2026-01-01T00:00:00Z');
function key(id: string, name: string, state: RemoteKey['state'], expiresAt: Date | null): RemoteKey {
  return {
    id: id.repeat(32),
    name,
    userId: 'u1',
    state,
    type: 'service',
    expiresAt,
    lastUsedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

describe('importManifest', () => {
  it('writes the latest generation per key, its state and expiry, and loads back without problems', async () => {
    const text = importManifest(
      'imported',
      { driver: 'keyward', url: 'http://127.0.0.1:8080' },
      [user],
      [
        key('a', 'deploy', 'disabled', new Date('2026-04-01T00:00:00Z')),
        key('b', 'deploy#2', 'enabled', new Date('2026-06-01T00:00:00Z')),
        key('c', 'forever', 'enabled', null),
      ],
    );
    expect(text).toContain('generation: 2');
    // Lifetimes, not dates: created 2026-01-01, expiring 2026-06-01 is 151 days, and a rotation gets 151 fresh days.
    expect(text).toContain('expiresIn: 151d');
    expect(text).not.toContain('expiresAt');
    expect(text).toContain('expiresIn: never');
    expect(text).toContain('Existing secrets cannot be read back');
    const dir = await mkdtemp(join(tmpdir(), 'keyward-import-'));
    await writeFile(join(dir, 'imported.yaml'), text);
    const loaded = await loadManifests(['imported.yaml'], { env: {}, cwd: dir });
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const keys = loaded.model.scopes[0]?.serviceUsers[0]?.keys ?? [];
    expect(keys.map((k) => [k.name, k.generation, k.state])).toEqual([
      ['deploy', 2, 'enabled'],
      ['forever', 1, 'enabled'],
    ]);
    expect(keys.map((k) => k.expiry)).toEqual([{ kind: 'in', ms: 151 * 86_400_000, text: '151d' }, { kind: 'never' }]);
  });

  it('notes duplicate remote names and expired keys instead of guessing silently', () => {
    const text = importManifest(
      'imported',
      { driver: 'keyward' },
      [user],
      [key('a', 'deploy', 'enabled', at), key('b', 'deploy', 'expired', at)],
    );
    expect(text).toMatch(/NOTE: payments-deployer: two remote keys are named deploy/);
  });

  it('keeps an absolute expiry only where no lifetime can be told (expiring as it was created)', () => {
    const text = importManifest('imported', { driver: 'keyward' }, [user], [key('a', 'deploy', 'enabled', at)]);
    expect(text).toContain('expiresAt: 2026-01-01T00:00:00.000Z');
  });

  it('writes the custom roles and groups the users need (all with --all), never a built-in, and loads back', async () => {
    const roles: RemoteRole[] = [
      { id: 'r0', name: 'All Access', permissions: ['*'], builtIn: true },
      { id: 'r1', name: 'User Manage', permissions: ['user.manage'], builtIn: false },
      { id: 'r2', name: 'Unused', permissions: [], builtIn: false },
    ];
    const group = (name: string, over: Partial<RemoteGroup> = {}): RemoteGroup => ({
      id: `g-${name}`,
      name,
      description: '',
      roles: [],
      accountAlerts: false,
      ...over,
    });
    const groups = [
      group('Administrators', { roles: ['All Access'], accountAlerts: true }),
      group('deployers', { description: 'ship', roles: ['User Manage', 'All Access'], accountAlerts: true }),
      group('idle'),
    ];
    const needed = accessFor({ roles, groups }, [user], false);
    expect(needed.groups.map((g) => g.name)).toEqual(['deployers']);
    expect(needed.roles.map((r) => r.name)).toEqual(['User Manage']);
    const all = accessFor({ roles, groups }, [user], true);
    expect(all.groups.map((g) => g.name)).toEqual(['deployers', 'idle']);
    expect(all.roles.map((r) => r.name)).toEqual(['User Manage', 'Unused']);
    const text = importManifest('imported', { driver: 'keyward' }, [user], [], needed);
    expect(text).toContain(
      [
        'roles:',
        '  - name: User Manage',
        '    permissions:',
        '      - user.manage',
        'groups:',
        '  - name: deployers',
        '    description: ship',
        '    roles:',
        '      - All Access',
        '      - User Manage',
        '    accountAlerts: true',
        'serviceUsers:',
      ].join('\n'),
    );
    const dir = await mkdtemp(join(tmpdir(), 'keyward-import-access-'));
    await writeFile(join(dir, 'm.yaml'), text);
    const loaded = await loadManifests(['m.yaml'], { env: {}, cwd: dir });
    expect(loaded.ok).toBe(true);
  });
});
