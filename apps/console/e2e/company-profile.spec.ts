import { USERS, expect, test } from './fixtures.ts';

const ADMIN = 'admin@redwood-reseller.example';

test('an administrator edits the company profile; invalid values are explained', async ({ page, signInAs }) => {
  await signInAs(ADMIN);
  await page.goto('/admin/company');
  await page.waitForLoadState('networkidle');
  const profile = page.getByLabel('Company profile');
  await expect(profile).toContainText('Switzerland');

  await page.getByRole('button', { name: 'Edit profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit company profile' });
  await expect(dialog.getByLabel('Company name')).toHaveValue('Redwood Reseller');
  await dialog.getByLabel('Contact email').fill('not-an-address');
  await dialog.getByLabel('Phone').fill('+41 44 555 01 23');
  await dialog.getByRole('button', { name: 'Save profile' }).click();
  await expect(dialog.getByText('Enter a valid email address.')).toBeVisible();

  await dialog.getByLabel('Contact email').fill('office@redwood-reseller.example');
  await dialog.getByLabel('Address').fill('Bahnhofstrasse 1');
  await dialog.getByLabel('Postal code').fill('8001');
  await dialog.getByLabel('Country').click();
  await page.getByRole('option', { name: 'Liechtenstein' }).click();
  await dialog.getByRole('button', { name: 'Save profile' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Company profile saved.')).toBeVisible();
  await expect(profile).toContainText('office@redwood-reseller.example');
  await expect(profile).toContainText('+41 44 555 01 23');
  await expect(profile).toContainText('8001 Zurich');
  await expect(profile).toContainText('Liechtenstein');
});

test('roles without Company Information are refused it', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1LicenseManager);
  const response = await page.goto('/admin/company');
  expect(response?.status()).toBe(403);
  await expect(page.getByText('You do not have access to Company Information.')).toBeVisible();
});
