import { DEMO_PASSWORD, USERS, expect, test } from './fixtures.ts';

test('a tier-1 administrator signs in with the form and lands on the dashboard', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(USERS.tier1Admin);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const header = page.getByRole('banner');
  await expect(header.getByText('Administrator, Northwind Distribution')).toBeVisible();
  await expect(header.getByText('Northwind Distribution', { exact: true })).toBeVisible();
  await expect(header.getByText('Administrator', { exact: true })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(USERS.tier1Admin);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toContainText('Email or password is wrong.');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('opening the console signed out leads to the sign-in page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/licenses/customers');
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Flicenses%2Fcustomers$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
