// Identity edges through HTTP: names refuse invisible, look-alike and mixed-script characters; e-mails are unique
// whatever their case; no name reads as another user's e-mail; the audit log names actors by id, type and name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, serviceKey, serviceUser, startTestService, type TestService } from './support/harness.js';

const refused: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['zero-width space', 'admin\u200b', /body\.name: contains U\+200B \(a format character, invisible\)/],
  ['bidi override', 'ad\u202emin', /body\.name: contains U\+202E/],
  ['word joiner', 'de\u2060ploy', /body\.name: contains U\+2060/],
  ['variation selector', 'bot\ufe0f', /body\.name: contains U\+FE0F/],
  ['no-break space', 'ci\u00a0bot', /body\.name: contains U\+00A0 \(a space or separator other than the ASCII space\)/],
  ['Cyrillic a among Latin', 'p\u0430yments', /body\.name: mixes scripts \(U\+0430/],
  ['Greek omicron among Latin', 'r\u03bfot', /body\.name: mixes scripts/],
  ['fullwidth letters', '\uff41dmin', /body\.name: is not in Unicode NFKC form/],
  ['decomposed accent', 'Mu\u0308ller', /body\.name: is not in Unicode NFKC form/],
  [
    'symbol outside ASCII',
    'deploy\u2215prod',
    /body\.name: contains U\+2215 \(a symbol or punctuation outside ASCII\)/,
  ],
];

describe.each(backends())('identity edges on %s', (backend) => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(backend);
  });
  afterAll(async () => t?.close());

  it.each(refused)('refuses a name with a %s', async (_what, name, message) => {
    const r = await t.call('POST', '/v2/users', { body: { name, type: 'service' } });
    expect([r.status, r.error]).toEqual([400, expect.stringMatching(message)]);
    const group = await t.call('POST', '/v2/groups', { body: { name } });
    expect(group.status).toBe(400);
  });

  it('accepts names in one script, with ASCII punctuation', async () => {
    for (const name of ['deploy#2 (prod)', 'Müller-Lüdenscheidt', 'Ελληνικά', 'デプロイ担当', '배포 봇', 'кириллица']) {
      expect((await t.call('POST', '/v2/users', { body: { name, type: 'service' } })).status).toBe(201);
    }
  });

  it('refuses key names and e-mails by the same rule, and bidi controls in descriptions', async () => {
    const user = await serviceUser(t, 'named-keys');
    const key = await t.call('POST', '/v2/api_keys', {
      body: { name: 'k\u200d', user_id: user, expires_at: '2026-02-01T00:00:00Z' },
    });
    expect([key.status, key.error]).toEqual([400, expect.stringContaining('body.name: contains U+200D')]);
    const mail = await t.call('POST', '/v2/users', {
      body: { name: 'p1', type: 'interactive', email: 'p\u0430y@example.com' },
    });
    expect([mail.status, mail.error]).toEqual([400, expect.stringContaining('body.email: mixes scripts')]);
    const text = await t.call('POST', '/v2/users', {
      body: { name: 'p2', type: 'service', description: 'safe \u202e txt.exe' },
    });
    expect([text.status, text.error]).toEqual([400, expect.stringContaining('body.description: contains U+202E')]);
  });

  it('makes e-mails unique whatever their case', async () => {
    expect(
      (await t.call('POST', '/v2/users', { body: { name: 'ann', type: 'interactive', email: 'Ann@Example.com' } }))
        .status,
    ).toBe(201);
    const twin = await t.call('POST', '/v2/users', {
      body: { name: 'ann-2', type: 'interactive', email: 'ann@example.COM' },
    });
    expect([twin.status, twin.error]).toEqual([
      409,
      expect.stringContaining('body.email: another user already has the e-mail'),
    ]);
    const bob = (
      await t.call('POST', '/v2/users', { body: { name: 'bob', type: 'interactive', email: 'bob@example.com' } })
    ).result.id;
    expect((await t.call('PATCH', `/v2/users/${bob}`, { body: { email: 'ANN@example.com' } })).status).toBe(409);
    expect((await t.call('PATCH', `/v2/users/${bob}`, { body: { email: 'Bob@Example.com' } })).status).toBe(200);
  });

  it('two concurrent creates of one e-mail in two cases: one 201, one 409, never a 500', async () => {
    const results = await Promise.all(
      ['Race@Example.com', 'race@example.com', 'RACE@EXAMPLE.COM'].map((email, i) =>
        t.call('POST', '/v2/users', { body: { name: `racer-${i}`, type: 'interactive', email } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('keeps names and e-mails apart: no user can read as another', async () => {
    const fake = await t.call('POST', '/v2/users', { body: { name: 'ADMIN@keyward.local', type: 'service' } });
    expect([fake.status, fake.error]).toEqual([409, expect.stringContaining('body.name: another user has the e-mail')]);
    await serviceUser(t, 'ops@corp.example');
    const person = await t.call('POST', '/v2/users', {
      body: { name: 'ops', type: 'interactive', email: 'Ops@Corp.example' },
    });
    expect([person.status, person.error]).toEqual([409, expect.stringContaining('body.email: another user is named')]);
  });

  it('records actors by id, type and name', async () => {
    const bot = await serviceUser(t, 'lookalike@corp.example');
    const key = (await serviceKey(t, bot, 'k')).key as string;
    await t.call('POST', '/v2/groups', { key, body: { name: 'not-allowed' } });
    const [row] = (await t.call('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent(`actor_id=="${bot}"`)}`))
      .results;
    expect(row).toMatchObject({
      actor: 'lookalike@corp.example',
      actor_type: 'service',
      actor_id: bot,
      outcome: 'denied',
    });
    const admin = (
      await t.call('GET', `/api/auditlog/v1/logs?_filter=${encodeURIComponent('actor_type=="interactive"')}&_limit=1`)
    ).results[0];
    expect(admin).toMatchObject({ actor: 'admin@keyward.local', actor_type: 'interactive' });
  });
});
