import { DEMO_PASSWORD, expect, test } from './fixtures.ts';

/** No other spec signs in as this user. */
const USER = 'license-manager@redwood-reseller.example';
const NEW_PASSWORD = 'glacier-express-2026';

test('a user changes their own password and signs in with it', async ({ page, signInAs }) => {
  await signInAs(USER);
  await page.goto('/dashboard');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account Information' }).click();
  await expect(page).toHaveURL(/\/admin\/account$/);
  await page.waitForLoadState('networkidle');
  const form = page.getByRole('form', { name: 'Change password' });

  await form.getByLabel('Current password').fill('not-my-password');
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Your current password is not correct.')).toBeVisible();

  await form.getByLabel('Current password').fill(DEMO_PASSWORD);
  await form.getByLabel('New password', { exact: true }).fill('short');
  await form.getByLabel('Confirm new password').fill('short');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Use at least 10 characters.')).toBeVisible();

  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Confirm new password').fill(`${NEW_PASSWORD}?`);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('The two new passwords do not match.')).toBeVisible();

  await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password is changed.')).toBeVisible();
  await expect(form.getByLabel('Current password')).toHaveValue('');

  // Still signed in here; sign out and back in with the new password.
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email').fill(USER);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Email or password is wrong.');
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});
