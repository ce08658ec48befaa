// Steps on the Service API Keys table: search, filters, sort, columns remembered per user, bulk disable, delete,
// the details panel and the 10-key limit. Each checks the result through the API, not only on the screen.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PortalEnv } from './portal-env.js';
import { tableRows } from './flows.js';

const DAY = 86_400_000;

/** Service users with keys to search in; `full-user` holds the maximum of 10. */
export async function seedKeys(env: PortalEnv): Promise<void> {
  const expires = new Date(Date.now() + 60 * DAY).toISOString();
  for (const [user, names] of [
    ['billing-exporter', ['billing-1', 'billing-2', 'billing-3']],
    ['scim-cleaner', ['scim-a', 'scim-b']],
    ['full-user', Array.from({ length: 10 }, (_, i) => `full-${i}`)],
  ] as const) {
    const created = await env.api('POST', '/v2/users', { name: user, type: 'service' });
    expect(created.status).toBe(201);
    for (const name of names) {
      expect(
        (await env.api('POST', '/v2/api_keys', { name, user_id: created.body.result?.id, expires_at: expires })).status,
      ).toBe(201);
    }
  }
  const scimB = await keyNamed(env, 'scim-b');
  expect((await env.api('PATCH', `/v2/api_keys/${scimB.id}`, { state: 'disabled' })).status).toBe(200);
}

async function keyNamed(env: PortalEnv, name: string): Promise<{ id: string; state: string }> {
  const found = await env.api('GET', `/v2/api_keys?_filter=${encodeURIComponent(`name == '${name}'`)}`);
  const key = found.body.results?.[0];
  if (key === undefined) throw new Error(`no key named ${name}`);
  return { id: String(key.id).replace('identity/apikeys/', ''), state: String(key.state) };
}

async function names(page: Page): Promise<string[]> {
  return page.locator('table.data-table tbody tr td.cell-name').allInnerTexts();
}

export async function searchFilterSort(page: Page, env: PortalEnv): Promise<void> {
  await page.getByLabel('Search keys').fill('BILLING');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => names(page)).toEqual(['billing-3', 'billing-2', 'billing-1']);
  await page.getByRole('button', { name: 'NAME' }).click();
  await expect.poll(() => names(page)).toEqual(['billing-1', 'billing-2', 'billing-3']);
  expect(await page.getByRole('columnheader', { name: 'NAME' }).getAttribute('aria-sort')).toBe('ascending');
  await page.getByLabel('Search keys').fill('');

  await page.getByRole('button', { name: /^Filter/ }).click();
  await page.getByRole('group', { name: 'Filter keys' }).getByLabel('Disabled').check();
  await expect.poll(() => names(page)).toEqual(['scim-b']);
  await page.getByRole('group', { name: 'Filter keys' }).getByLabel('Disabled').uncheck();
  await page.getByRole('group', { name: 'Filter keys' }).getByLabel('Interactive').check();
  // Still sorted by name: the admin's bootstrap key and alice's key are the interactive ones.
  await expect.poll(() => names(page)).toEqual(['bootstrap', 'lookalike script']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await env.check(page, 'service-keys');

  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('group', { name: 'Columns to show' }).getByLabel('LAST USED AT').uncheck();
  await expect.poll(() => page.getByRole('columnheader', { name: 'LAST USED AT' }).count()).toBe(0);
  await page.reload();
  await page.getByRole('heading', { name: 'Service API Keys' }).waitFor();
  await expect.poll(() => page.getByRole('columnheader', { name: 'CREATED BY' }).count()).toBe(1);
  await expect.poll(() => page.getByRole('columnheader', { name: 'LAST USED AT' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('button', { name: 'Restore defaults' }).click();
  await expect.poll(() => page.getByRole('columnheader', { name: 'LAST USED AT' }).count()).toBe(1);
  await page.getByRole('button', { name: 'Done' }).click();
}

export async function bulkDisableAndDelete(page: Page, env: PortalEnv): Promise<void> {
  await page.getByLabel('Search keys').fill('billing');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => names(page)).toHaveLength(3);
  await page.getByLabel('Select all keys on this page').check();
  await page
    .getByRole('group', { name: 'Actions on the selected keys' })
    .getByRole('button', { name: 'Disable' })
    .click();
  const confirm = page.getByRole('alertdialog', { name: 'Disable 3 keys' });
  await confirm.waitFor();
  await env.check(page, 'bulk-disable-confirm');
  await confirm.getByRole('button', { name: 'Disable' }).click();
  await page.getByText('3 keys disabled.').waitFor();
  for (const name of ['billing-1', 'billing-2', 'billing-3'])
    expect((await keyNamed(env, name)).state).toBe('disabled');

  const scimA = await keyNamed(env, 'scim-a');
  await page.getByLabel('Search keys').fill('scim-a');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect.poll(() => names(page)).toEqual(['scim-a']);
  await page.getByRole('button', { name: 'Details of scim-a' }).click();
  const panel = page.getByRole('complementary', { name: 'scim-a' });
  await expect.poll(() => panel.innerText()).toContain(scimA.id);
  await env.check(page, 'key-details-panel');
  await panel.getByRole('button', { name: 'Close details' }).click();
  await page.getByLabel('Select scim-a').check();
  await page
    .getByRole('group', { name: 'Actions on the selected keys' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByRole('alertdialog', { name: 'Delete 1 key' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByText('1 key deleted.').waitFor();
  expect((await env.api('GET', `/v2/api_keys/${scimA.id}`)).status).toBe(404);
  await expect.poll(() => tableRows(page)).toEqual([]);
}

export async function keyLimitExplained(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const create = page.getByRole('dialog', { name: 'Create Service API Key' });
  await create.getByLabel('Find a service user').fill('full-user');
  await create.getByLabel('Service user', { exact: true }).selectOption({ label: 'full-user' });
  await create.getByText('full-user already holds 10 service API keys').waitFor();
  expect(await create.getByRole('button', { name: 'Save & Close' }).isDisabled()).toBe(true);
  await create.getByRole('button', { name: 'Cancel' }).click();
}

export async function deleteServiceUser(page: Page, env: PortalEnv): Promise<void> {
  const scimB = await keyNamed(env, 'scim-b');
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Service users' }).click();
  await page.getByRole('button', { name: 'Delete scim-cleaner' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete service user' });
  await expect.poll(() => confirm.innerText()).toContain('Its API key is deleted with it');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText('Service user scim-cleaner and its keys were deleted.').waitFor();
  expect((await env.api('GET', `/v2/api_keys/${scimB.id}`)).status).toBe(404);
}
