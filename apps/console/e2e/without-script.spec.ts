import { DEMO_PASSWORD, USERS, expect, test } from './fixtures.ts';

// Signing in and out work as plain forms too: before the page's script has loaded, or without it.
test.use({ javaScriptEnabled: false });

test('without script, a wrong password is explained, then the right one signs in and Sign out signs out', async ({
  page,
}) => {
  await page.goto('/sign-in?redirectTo=%2Fadmin%2Faccount');
  await page.getByLabel('Email').fill(USERS.tier1BillingManager);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toContainText('Email or password is wrong.');
  await expect(page.getByLabel('Email')).toHaveValue(USERS.tier1BillingManager);
  await expect(page.getByLabel('Password')).toHaveValue('');

  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Account Information' })).toBeVisible();

  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/sign-in$/);
});
