// The portal end to end in Debian's Chromium against a real `keyward serve` (PGlite, and PostgreSQL when configured):
// people sign in, create keys they copy once, administrators manage service keys; axe-core checks every page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalInput } from '../../src/portal/web/format.js';
import { copyOnce, openSection, setPasswordFromLink, signIn, tableRows } from './support/flows.js';
import { auditFilterAndExport, limitedUserSeesLess, removeAndGrantApiAccess } from './support/access-steps.js';
import {
  bulkDisableAndDelete,
  deleteServiceUser,
  keyLimitExplained,
  searchFilterSort,
  seedKeys,
} from './support/key-table-steps.js';
import { backends, startPortalEnv, type PortalEnv } from './support/portal-env.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  startProvider,
  type TestProvider,
} from '../keyservice/sessions/support/oidc-browser.js';

const DAY = 86_400_000;

describe.each(backends())('the portal in Chromium (%s)', (backend) => {
  let env: PortalEnv;
  let provider: TestProvider;
  let admin: Page;
  let alice: Page;
  let aliceKey = '';
  const consoles: string[][] = [];
  const secrets: string[] = [];
  const id = (r: { body: { result?: Record<string, unknown> } }) => String(r.body.result?.id);

  beforeAll(async () => {
    provider = await startProvider();
    const sso = {
      KEYWARD_OIDC_ISSUER: provider.issuer,
      KEYWARD_OIDC_CLIENT_ID: CLIENT_ID,
      KEYWARD_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      KEYWARD_OIDC_NAME: 'Example SSO',
    };
    env = await startPortalEnv(backend, sso);
    provider.start(`${env.url()}/auth/v1/oidc/callback`);
  });
  afterAll(async () => {
    await env?.close();
    await provider?.close();
  });

  async function linkFor(userId: string): Promise<string> {
    const answer = await env.api('POST', '/auth/v1/password_links', { user_id: userId });
    expect(answer.status).toBe(201);
    return String(answer.body.result?.url);
  }

  it('the admin sets a password from the one-time link, signs in, and creates an interactive user', async () => {
    const me = await env.api('GET', '/v2/current_user');
    const opened = await env.context();
    consoles.push(opened.console);
    admin = opened.page;
    await setPasswordFromLink(admin, await linkFor(id(me)));
    await env.check(admin, 'set-password');
    await admin.getByRole('button', { name: 'Go to sign-in' }).click();
    await admin.getByRole('heading', { name: 'Sign in to keyward' }).waitFor();
    await env.check(admin, 'sign-in');
    await signIn(admin, 'admin');
    await admin.getByRole('heading', { name: 'User API Keys' }).waitFor();

    await openSection(admin, 'Users, groups and roles', 'Users, groups and roles');
    await env.check(admin, 'users-groups-roles');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.getByLabel('User name').fill('alice');
    await admin.getByLabel('E-mail').fill('alice@example.com');
    await admin.getByRole('button', { name: 'Create', exact: true }).click();
    const linkDialog = admin.getByRole('alertdialog', { name: 'Set-password link' });
    await linkDialog.waitFor();
    await env.check(admin, 'set-password-link-dialog');
    const link = await linkDialog.getByLabel('Link').inputValue();
    expect(link).toMatch(/\/set-password#token=/);
    await linkDialog.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await tableRows(admin)).toEqual(expect.arrayContaining([expect.stringContaining('alice@example.com')]));

    const openedAlice = await env.context();
    consoles.push(openedAlice.console);
    alice = openedAlice.page;
    await setPasswordFromLink(alice, link);
  });

  it('the new user signs in, creates a key within 56 weeks, copies it once; the key authenticates', async () => {
    await alice.goto(`${env.url()}/sign-in`);
    await signIn(alice, 'alice@example.com');
    await alice.getByRole('heading', { name: 'User API Keys' }).waitFor();
    const nav = await alice.getByRole('navigation', { name: 'Portal' }).getByRole('link').allInnerTexts();
    expect(nav).toEqual(['My API keys']);
    await env.check(alice, 'my-keys-empty');

    await alice.getByRole('button', { name: 'Create', exact: true }).click();
    const dialog = alice.getByRole('dialog', { name: 'Create User API Key' });
    await dialog.getByLabel('Name').fill('lookalike script');
    await dialog.getByLabel('Expires at').fill(toLocalInput(Date.now() + 400 * DAY));
    await dialog.getByRole('button', { name: 'Save & Close' }).click();
    await dialog.getByText('at most 56 weeks').waitFor();
    await env.check(alice, 'create-my-key-dialog');
    const none = await env.api('GET', `/v2/api_keys?_filter=${encodeURIComponent("user_name == 'alice'")}`);
    expect(none.body.results).toEqual([]);

    await dialog.getByLabel('Expires at').fill(toLocalInput(Date.now() + 10 * DAY));
    await dialog.getByRole('button', { name: 'Save & Close' }).click();
    aliceKey = await copyOnce(alice, 'User API Key Generated');
    secrets.push(aliceKey);
    expect(aliceKey).toMatch(/^[0-9a-f]{64}$/);
    await env.check(alice, 'copy-once-dialog');
    const me = await env.api('GET', '/v2/current_user', undefined, aliceKey);
    expect([me.status, me.body.result?.name]).toEqual([200, 'alice']);

    await alice.getByRole('alertdialog').getByRole('button', { name: 'Close', exact: true }).click();
    expect(await alice.content()).not.toContain(aliceKey);
    const stored = await alice.evaluate<string>(
      'JSON.stringify([{ ...localStorage }, { ...sessionStorage }, location.href, document.cookie])',
    );
    expect(stored).not.toContain(aliceKey);
    const row = alice.locator('tr', { hasText: 'lookalike script' });
    await row.getByText('Expires soon').waitFor();
    await env.check(alice, 'my-keys');

    await row.getByRole('button', { name: 'Disable lookalike script' }).click();
    await alice.getByText('lookalike script is now disabled.').waitFor();
    expect((await env.api('GET', '/v2/current_user', undefined, aliceKey)).status).toBe(401);
    await row.getByRole('button', { name: 'Enable lookalike script' }).click();
    await alice.getByText('lookalike script is now enabled.').waitFor();
    expect((await env.api('GET', '/v2/current_user', undefined, aliceKey)).status).toBe(200);

    // A second key, deleted from its row after confirmation: it stops working, the first one does not.
    await alice.getByRole('button', { name: 'Create', exact: true }).click();
    const second = alice.getByRole('dialog', { name: 'Create User API Key' });
    await second.getByLabel('Name').fill('throwaway');
    await second.getByLabel('Expires at').fill(toLocalInput(Date.now() + 10 * DAY));
    await second.getByRole('button', { name: 'Save & Close' }).click();
    const throwaway = await copyOnce(alice, 'User API Key Generated');
    secrets.push(throwaway);
    await alice.getByRole('alertdialog').getByRole('button', { name: 'Close', exact: true }).click();
    await alice.getByRole('button', { name: 'Delete throwaway' }).click();
    const confirm = alice.getByRole('alertdialog', { name: 'Delete API key' });
    await confirm.getByText('Scripts using it stop working at once').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await alice.getByText('throwaway was deleted.').waitFor();
    await alice.locator('tr', { hasText: 'throwaway' }).waitFor({ state: 'detached' });
    expect((await env.api('GET', '/v2/current_user', undefined, throwaway)).status).toBe(401);
    expect((await env.api('GET', '/v2/current_user', undefined, aliceKey)).status).toBe(200);
  });

  it('the admin cannot create a key for that user; a portal session needs its CSRF token', async () => {
    const aliceUser = (await env.api('GET', `/v2/users?_filter=${encodeURIComponent("name == 'alice'")}`)).body
      .results?.[0];
    const refused = await env.api('POST', '/v2/api_keys', {
      name: 'for alice',
      user_id: aliceUser?.id,
      expires_at: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    expect(refused.status).toBe(403);
    const bare = await admin.evaluate<number>("fetch('/v2/current_user').then((r) => r.status)");
    expect(bare).toBe(403);
  });

  it('a service user cannot sign in, and is told why', async () => {
    expect((await env.api('POST', '/v2/users', { name: 'scim-delete-user', type: 'service' })).status).toBe(201);
    const { page } = await env.context();
    await page.goto(`${env.url()}/sign-in`);
    await signIn(page, 'scim-delete-user', 'any password at all');
    await page.getByRole('alert').getByText('Service users are not allowed to sign in').waitFor();
    await page.context().close();
  });

  it('the admin creates a service user and a service key in the portal, and the key authenticates', async () => {
    await openSection(admin, 'Service users', 'Service users');
    await admin.getByRole('button', { name: 'Create service user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Create service user' });
    await dialog.getByLabel('Name').fill('payments-deployer');
    await dialog.getByLabel('Description').fill('deploys the payments service');
    await env.check(admin, 'create-service-user-dialog');
    await dialog.getByRole('button', { name: 'Save & Close' }).click();
    await admin.getByText('Service user payments-deployer was created.').waitFor();
    await env.check(admin, 'service-users');

    await openSection(admin, 'Service API keys', 'Service API Keys');
    await admin.getByRole('button', { name: 'Create', exact: true }).click();
    const create = admin.getByRole('dialog', { name: 'Create Service API Key' });
    await create.getByLabel('Name').fill('payments deploy');
    await create.getByLabel('Find a service user').fill('payments');
    await expect
      .poll(() => create.getByLabel('Service user', { exact: true }).locator('option').allInnerTexts())
      .toEqual(['payments-deployer — deploys the payments service']);
    await create.getByLabel('Find a service user').fill('');
    await expect
      .poll(() => create.getByLabel('Service user', { exact: true }).locator('option').allInnerTexts())
      .not.toEqual(expect.arrayContaining([expect.stringContaining('alice')]));
    await create
      .getByLabel('Service user', { exact: true })
      .selectOption({ label: 'payments-deployer — deploys the payments service' });
    await create.getByText('payments-deployer holds 0 of at most 10 service API keys.').waitFor();
    await env.check(admin, 'create-service-key-dialog');
    await create.getByRole('button', { name: 'Save & Close' }).click();
    const key = await copyOnce(admin, 'API Access Key Generated');
    secrets.push(key);
    const me = await env.api('GET', '/v2/current_user', undefined, key);
    expect([me.status, me.body.result?.name]).toEqual([200, 'payments-deployer']);
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('searches, filters, sorts and pages the key table on the server; columns are remembered per user', async () => {
    await seedKeys(env);
    await admin.reload();
    await admin.getByRole('heading', { name: 'Service API Keys' }).waitFor();
    await searchFilterSort(admin, env);
    await keyLimitExplained(admin);
  });

  it('bulk-disables selected keys and deletes one after confirmation; the details panel shows a key', async () => {
    await bulkDisableAndDelete(admin, env);
  });

  it('deleting a service user says its keys go with it, and they do', async () => {
    await deleteServiceUser(admin, env);
  });

  it('a user with only Service API Keys Create sees fewer actions, and a refusal reads as a sentence', async () => {
    const role = await env.api('POST', '/v2/roles', { name: 'Key creators', permissions: ['service_api_key.create'] });
    const group = await env.api('POST', '/v2/groups', { name: 'Key team', roles: [id(role)] });
    const bob = await env.api('POST', '/v2/users', {
      name: 'bob',
      type: 'interactive',
      email: 'bob@example.com',
      group_ids: [id(group)],
    });
    const opened = await env.context();
    consoles.push(opened.console);
    const page = opened.page;
    await setPasswordFromLink(page, await linkFor(id(bob)));
    await page.goto(`${env.url()}/sign-in`);
    await signIn(page, 'bob');
    await page.getByRole('heading', { name: 'User API Keys' }).waitFor();
    await limitedUserSeesLess(page, env, id(group));
    await page.context().close();
  });

  it('expiry notices ring the bell; the New Notifications panel marks them read', async () => {
    await env.restart();
    // A start runs the expiry notices once, in the background: wait until alice's notice exists.
    await expect
      .poll(async () => (await env.api('GET', '/v2/notifications', undefined, aliceKey)).body.results?.length, {
        timeout: 20_000,
      })
      .toBe(1);
    await alice.reload();
    const bell = alice.getByRole('button', { name: /^Notifications,/ });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell.click();
    const panel = alice.getByRole('region', { name: 'New Notifications' });
    await expect.poll(() => panel.innerText()).toContain('lookalike script');
    await env.check(alice, 'notifications-panel');
    await panel.getByRole('button', { name: /^Mark as read/ }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    await alice.keyboard.press('Escape');
    await alice.goto(`${env.url()}/notifications`);
    await alice.getByRole('heading', { name: 'All Notifications' }).waitFor();
    await env.check(alice, 'notifications');
  });

  it('the audit log filters by action and exports CSV and JSON lines; API access is removed and granted', async () => {
    await admin.reload();
    await auditFilterAndExport(admin, env);

    await removeAndGrantApiAccess(admin, env, aliceKey);
  });

  it('signs in with single sign-on through a real OpenID provider (the verified e-mail picks the user)', async () => {
    expect(
      (await env.api('POST', '/v2/users', { name: 'frank', type: 'interactive', email: 'frank@example.com' })).status,
    ).toBe(201);
    const { page, context } = await env.context();
    await page.goto(`${env.url()}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with Example SSO' }).click();
    await page.locator('input[name=login]').fill('frank');
    await page.locator('input[name=password]').fill('any');
    await page.locator('button[type=submit]').click();
    await page.locator('button[type=submit]').click();
    await page.getByRole('heading', { name: 'User API Keys' }).waitFor();
    expect(await page.locator('.user-name').innerText()).toBe('frank');
    await context.close();
  });

  it('works at phone width, and no secret ever reached a console', async () => {
    await alice.setViewportSize({ width: 390, height: 844 });
    await alice.goto(`${env.url()}/keys`);
    await alice.getByRole('heading', { name: 'User API Keys' }).waitFor();
    await alice.getByRole('button', { name: 'Menu' }).click();
    await alice.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'My API keys' }).waitFor();
    await env.check(alice, 'my-keys-phone');
    const logged = consoles.flat().join('\n');
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(logged).not.toContain('pageerror');
    console.log(`axe-core (${backend}): ${[...env.axe].map(([page, v]) => `${page}=${v.length}`).join(', ')}`);
  });
});
