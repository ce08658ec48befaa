// openWorkspace against a real `keyward serve`: the key API's listing starts while the manifests are read and the
// first observe takes it; invalid manifests still fail as one user error, and the listing started is abandoned.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/app/workspace.js';
import { systemClock } from '../../src/kernel/clock.js';
import { KeywardError } from '../../src/kernel/errors.js';
import { nullSink } from '../../src/kernel/events.js';
import { startKeyService, type KeyService } from '../../src/keyservice/server.js';

const adminKey = randomBytes(32).toString('hex');
let service: KeyService;
let dir: string;
const lists: string[] = [];

const manifest = (name: string, extra = ''): string =>
  `apiVersion: keyward.dev/v1\nkind: ServiceUsers\nmetadata:\n  name: ${name}\nprovider:\n  driver: keyward\n` +
  `serviceUsers:\n  - name: svc-${name}\n    keys:\n      - name: k${extra}\n`;

beforeAll(async () => {
  service = await startKeyService({
    bootstrapKey: adminKey,
    log: (line) => {
      if (line.startsWith('GET /v2/')) lists.push(line);
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'keyward-workspace-'));
});

afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

const options = () => ({
  env: { KEYWARD_URL: service.url, KEYWARD_API_KEY: adminKey },
  cwd: dir,
  clock: systemClock,
  sink: nullSink,
});

describe('openWorkspace', () => {
  it('starts listing while the manifests load; the first observe takes that listing, a later one lists again', async () => {
    await writeFile(join(dir, 'a.yaml'), manifest('a'));
    await writeFile(join(dir, 'b.yaml'), manifest('b'));
    lists.length = 0;
    const workspace = await openWorkspace(['a.yaml', 'b.yaml'], options());
    const driver = workspace.drivers.get('a');
    expect(driver).toBeDefined();
    expect(workspace.drivers.get('b')).toBe(driver);
    // Nobody has called observe yet, and the listing is already under way (or done).
    for (let i = 0; i < 100 && lists.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lists).toHaveLength(4);
    const first = await driver?.observe();
    // roles, groups, service users and service keys: one page each, requested once for both scopes
    expect(lists).toHaveLength(4);
    expect(first?.requests).toBe(4);
    await driver?.observe();
    expect(lists).toHaveLength(8);
  });

  it('invalid manifests are still one user error listing the problems, and no listing is left running', async () => {
    await writeFile(join(dir, 'good.yaml'), manifest('good'));
    await writeFile(join(dir, 'bad.yaml'), manifest('bad', '\n        expiresIn: soon'));
    lists.length = 0;
    const opening = openWorkspace(['good.yaml', 'bad.yaml'], options());
    await expect(opening).rejects.toBeInstanceOf(KeywardError);
    await expect(opening).rejects.toMatchObject({ code: 'manifest.invalid' });
    const seen = lists.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lists.length).toBe(seen);
    expect(seen).toBeLessThanOrEqual(1);
  });
});
