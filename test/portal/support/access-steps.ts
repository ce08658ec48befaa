// Steps on what people may do: a user with only Service API Keys Create, the audit log and its exports, and an
// administrator removing and granting someone's API access. Each checks the result through the API too.
import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openSection, tableRows } from './flows.js';
import type { PortalEnv } from './portal-env.js';

/** Signed in as a member of a group whose only role holds Service API Keys Create; `groupId` loses it midway. */
export async function limitedUserSeesLess(page: Page, env: PortalEnv, groupId: string): Promise<void> {
  const nav = await page.getByRole('navigation', { name: 'Portal' }).getByRole('link').allInnerTexts();
  expect(nav).toEqual(['My API keys', 'Service API keys', 'Service users']);
  await openSection(page, 'Service users', 'Service users');
  expect(await page.getByRole('button', { name: 'Create service user' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
  await openSection(page, 'Service API keys', 'Service API Keys');
  await env.check(page, 'limited-service-keys');
  await page.goto(`${env.url()}/audit`);
  await page.getByText('Your roles do not allow you to use this page.').waitFor();

  await openSection(page, 'Service API keys', 'Service API Keys');
  expect((await env.api('PATCH', `/v2/groups/${groupId.replace('identity/groups/', '')}`, { roles: [] })).status).toBe(
    200,
  );
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const create = page.getByRole('dialog', { name: 'Create Service API Key' });
  await create.getByLabel('Name').fill('not allowed');
  await create
    .getByLabel('Service user', { exact: true })
    .selectOption({ label: 'payments-deployer — deploys the payments service' });
  await create.getByRole('button', { name: 'Save & Close' }).click();
  const alert = create.getByRole('alert');
  await expect.poll(() => alert.innerText()).toMatch(/^You are not allowed to do this: .*service_api_key\.create/);
  expect(await alert.innerText()).not.toMatch(/[{}]/);
}

export async function auditFilterAndExport(admin: Page, env: PortalEnv): Promise<void> {
  await openSection(admin, 'Audit log', 'Audit log');
  await admin.getByLabel('Action').fill('api_key.delete');
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  // alice's throwaway key (My API keys) and one service key (the key table), each deleted after confirmation.
  await expect.poll(async () => (await tableRows(admin)).length).toBe(2);
  await env.check(admin, 'audit-log');
  const [csv] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csvText = await readDownload(csv);
  expect(csvText.split('\r\n')[0]).toBe('id,time,actor,actor_id,actor_type,action,target,outcome,detail,source,count');
  expect(csvText.trim().split('\r\n')).toHaveLength(3);
  const [jsonl] = await Promise.all([
    admin.waitForEvent('download'),
    admin.getByRole('button', { name: 'Export JSON lines' }).click(),
  ]);
  const lines = (await readDownload(jsonl))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string });
  expect(lines.map((l) => l.action)).toEqual(['api_key.delete', 'api_key.delete']);
}

export async function removeAndGrantApiAccess(admin: Page, env: PortalEnv, aliceKey: string): Promise<void> {
  await openSection(admin, 'API access', 'API access');
  await admin.getByLabel('User', { exact: true }).selectOption({ label: 'alice (alice@example.com)' });
  await admin.getByRole('button', { name: 'Remove API access' }).click();
  await admin.getByText('API access removed from alice.').waitFor();
  expect((await env.api('GET', '/v2/current_user', undefined, aliceKey)).status).toBe(401);
  await env.check(admin, 'api-access');
  await admin.getByRole('button', { name: 'Grant API access' }).click();
  await admin.getByText('API access granted to alice.').waitFor();
  expect((await env.api('GET', '/v2/current_user', undefined, aliceKey)).status).toBe(200);
}

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
