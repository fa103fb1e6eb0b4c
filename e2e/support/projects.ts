// The project round trip a member makes on /projects: create, rename, delete (each a server
// action; the bound-id ones pass their argument checks).
import { expect, type Page } from '@playwright/test';
import { tenantUrl } from './env';

export async function createRenameDeleteProject(page: Page, name: string, fields: { description?: string } = {}): Promise<void> {
  await page.getByLabel('Name').fill(name);
  if (fields.description) await page.getByLabel('Description').fill(fields.description);
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.getByLabel('Name').fill(`${name} v2`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Delete project' }).click();
  await page.waitForURL(tenantUrl('acme', '/projects'));
}
