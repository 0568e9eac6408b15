import { DEMO_PASSWORD, expect, newestMailText, signInThroughApi, test, waitingForHydration } from './fixtures.ts';

/** A Summit Managed Services user (Contoso's channel) whose password this spec changes; no other spec signs in as it. */
const USER = 'billing-manager@summit-msp.example';
/** Contoso's administrator reads the mail in Sent Mails: Summit is one of its partners. */
const CHANNEL_ADMIN = 'admin@contoso-networks.example';
const NEW_PASSWORD = 'harbour-lights-2026';

test('a user asks for a reset link, chooses a new password with it and signs in; the link works once', async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('Email').fill(USER);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(
    `If an account exists for ${USER}, we sent a link to choose a new password. The link works once and for a limited time.`,
  );

  // An address without an account gets the very same answer.
  await page.getByRole('button', { name: 'Ask again' }).click();
  await page.getByLabel('Email').fill('nobody@summit-msp.example');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'If an account exists for nobody@summit-msp.example, we sent a link to choose a new password. The link works once and for a limited time.',
  );

  // The administrator above sees the mail in Sent Mails, but not its single-use link.
  const admin = await browser.newContext({ baseURL });
  await signInThroughApi(admin.request, baseURL!, CHANNEL_ADMIN);
  const outbox = waitingForHydration(await admin.newPage());
  // Newest first: the mail just asked for, written by the worker moments after the answer.
  const newest = outbox.getByRole('row').filter({ hasText: USER }).first();
  await expect(async () => {
    await outbox.goto(`/admin/email-notifications/sent?recipient=${encodeURIComponent(USER)}`);
    await expect(newest).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await newest.getByRole('link', { name: 'Reset your password' }).click();
  await outbox.getByRole('tab', { name: 'Plain text' }).click();
  const shown = (await outbox.getByLabel('Plain text of the mail').textContent()) ?? '';
  expect(shown).toContain('[single-use link hidden]');
  expect(shown).not.toMatch(/\/reset-password\/[a-z2-7]+/);
  await expect(outbox.getByText('This mail carried a single-use link')).toBeVisible();
  await expect(outbox.getByRole('button', { name: 'Resend' })).toHaveCount(0);
  await admin.close();

  // The user's own copy, as the mail provider received it, has the link.
  const text = await newestMailText(USER, 'reset-password');
  const link = text.match(/https?:\/\/\S+\/reset-password\/[a-z2-7]+/)?.[0];
  expect(link, `a reset link in:\n${text}`).toBeDefined();

  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(`${NEW_PASSWORD}!`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('The two passwords do not match.')).toBeVisible();

  // The server's password rule is shown under the field.
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('Use at least 10 characters.', { exact: true })).toBeVisible();

  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();

  await page.getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel('Email').fill(USER);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Email or password is wrong.');
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('signed-in-user')).toContainText('Billing Manager, Summit Managed Services');

  // The same link a second time is refused.
  await page.goto(link!);
  await page.getByLabel('New password', { exact: true }).fill('another-password-2026');
  await page.getByLabel('Confirm new password').fill('another-password-2026');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('alert')).toContainText('This reset link is invalid or has expired. Ask for a new one.');
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
});
