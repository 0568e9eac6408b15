import { DEMO_PASSWORD, expect, signInThroughApi, test, waitingForHydration } from './fixtures.ts';

/** No other spec signs in as this user. */
const USER = 'support-manager@redwood-reseller.example';

test('a user sees where they are signed in and ends another session', async ({ page, signInAs, browser, baseURL }) => {
  // A second device: its own browser context and session.
  const other = await browser.newContext({ baseURL, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/140.0' });
  await signInThroughApi(other.request, baseURL!, USER);
  const otherPage = waitingForHydration(await other.newPage());
  await otherPage.goto('/admin/account');
  await otherPage.waitForLoadState('networkidle');
  await expect(otherPage.getByRole('heading', { level: 1, name: 'Account Information' })).toBeVisible();

  await signInAs(USER);
  await page.goto('/admin/account');
  await page.waitForLoadState('networkidle');
  const sessions = page.getByRole('table', { name: 'Your sessions' });
  await expect(sessions.getByRole('row')).toHaveCount(3);
  const current = sessions.getByRole('row').filter({ hasText: 'This session' });
  await expect(current).toHaveCount(1);
  const firefox = sessions.getByRole('row').filter({ hasText: 'Firefox on Windows' });
  await expect(firefox).toContainText('127.0.0.1');

  await firefox.getByRole('button', { name: /^End session of Firefox on Windows/ }).click();
  await expect(page.getByText('Ended the session of Firefox on Windows.')).toBeVisible();
  await expect(sessions.getByRole('row')).toHaveCount(2);

  // The other device is signed out.
  await otherPage.reload();
  await otherPage.waitForLoadState('networkidle');
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();
});

test('a user edits their own profile; changing the email asks for the password, and a taken email is refused', async ({ page, signInAs }) => {
  await signInAs('billing-manager@redwood-reseller.example');
  await page.goto('/admin/account');
  await page.waitForLoadState('networkidle');
  const form = page.getByRole('form', { name: 'Profile' });
  await expect(form.getByLabel('Email')).toHaveValue('billing-manager@redwood-reseller.example');

  await form.getByLabel('Email').fill('admin@redwood-reseller.example');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByText('Enter your current password to change your email address.')).toBeVisible();
  await form.getByLabel('Current password').fill(DEMO_PASSWORD);
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByText('This email is already used by another account.')).toBeVisible();

  await form.getByLabel('Email').fill('billing-manager@redwood-reseller.example');
  await form.getByLabel('Name').fill('Bea Berger');
  await form.getByLabel('Time zone').click();
  await page.getByRole('option', { name: 'Europe/Vienna' }).click();
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Your profile is saved.')).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toContainText('Bea Berger');
  await page.reload();
  await page.waitForLoadState('networkidle');
  await expect(form.getByLabel('Name')).toHaveValue('Bea Berger');
  await expect(form.getByLabel('Time zone')).toContainText('Europe/Vienna');
});
