// Steps the portal tests repeat: set a password from a link, sign in, open a section, read the copy-once dialog.
// Never reads a secret from anywhere but the page the person sees (the dialog's field or the clipboard).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const PASSWORD = 'correct horse battery staple';

export async function setPasswordFromLink(page: Page, link: string, password = PASSWORD): Promise<void> {
  await page.goto(link);
  await page.getByRole('heading', { name: 'Set your password' }).waitFor();
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByText('You can sign in now.').waitFor();
  expect(page.url()).not.toContain('token');
}

export async function signIn(page: Page, login: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('User name or e-mail').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function openSection(page: Page, name: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** The body rows of the first data table on the page, as their text. */
export async function tableRows(page: Page): Promise<string[]> {
  return page.locator('table.data-table tbody tr').allInnerTexts();
}

/** Waits for the copy-once dialog, clicks Copy, and answers the key from the clipboard (checked against the field). */
export async function copyOnce(page: Page, title: string): Promise<string> {
  const dialog = page.getByRole('alertdialog', { name: title });
  await dialog.waitFor();
  await expect.poll(() => dialog.innerText()).toContain('you will not be able to see this key again');
  const shown = await dialog.getByLabel('API key').inputValue();
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await dialog.getByText('Copied to the clipboard.').waitFor();
  const copied = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(copied).toBe(shown);
  return copied;
}
