import { USERS, expect, test } from './fixtures.ts';

const RECIPIENT = 'support-engineer@bluefin-it.example';

test('a Bluefin administrator finds a password-reset mail in Sent Mails, reads it as sent and resends it', async ({
  page,
  baseURL,
  signInAs,
}) => {
  // Something that sends mail: a password reset asked for one of Bluefin's users.
  const asked = await page.request.post('/api/trpc/auth.requestPasswordReset', {
    data: { json: { email: RECIPIENT } },
    headers: { Origin: baseURL! },
  });
  expect(asked.status(), await asked.text()).toBe(200);

  await signInAs(USERS.mspAdmin);
  await page.goto('/admin/email-notifications');
  await page.getByRole('navigation', { name: 'Email Notifications' }).getByRole('link', { name: 'Sent Mails' }).click();
  await expect(page).toHaveURL(/\/admin\/email-notifications\/sent$/);

  await page.getByLabel('Recipient').fill('support-engineer@bluefin');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/recipient=support-engineer%40bluefin/);
  // Newest first: the mail just asked for.
  const row = page.getByRole('row').filter({ hasText: RECIPIENT }).first();
  await expect(row).toContainText('Bluefin IT Services');
  await expect(row).toContainText('Reset password');
  // The worker delivers through the local outbox within a second or two.
  await expect(async () => {
    await page.reload();
    await expect(row.getByText('Sent', { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  await row.getByRole('link', { name: 'Reset your password' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Reset your password' })).toBeVisible();
  await expect(page.getByText(`<${RECIPIENT}>`)).toBeVisible();
  await expect(page.getByText(/^outbox-/)).toBeVisible();
  const mail = page.frameLocator('iframe[title="Mail as sent"]');
  await expect(
    mail.getByRole('paragraph').filter({
      hasText: `Hello Support Engineer, Bluefin IT Services, we received a request to reset the password of ${RECIPIENT}.`,
    }),
  ).toBeVisible();
  await expect(mail.getByText('The link below works once and for 2 hours.')).toBeVisible();
  await expect(mail.getByRole('link', { name: 'Choose a new password' })).toHaveAttribute(
    'href',
    new RegExp(`^${baseURL}/reset-password/[a-z2-7]+$`),
  );
  await page.getByRole('tab', { name: 'Plain text' }).click();
  await expect(page.getByLabel('Plain text of the mail')).toContainText('The link below works once and for 2 hours.');
  const originalUrl = page.url();

  await page.getByRole('button', { name: 'Resend' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`goes to ${RECIPIENT} now`);
  await dialog.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByText(`A copy is on its way to ${RECIPIENT}.`)).toBeVisible();

  // The copy: the same mail, linked to the original, delivered in turn.
  await expect(page).not.toHaveURL(originalUrl);
  await expect(page.getByRole('heading', { level: 2, name: 'Reset your password' })).toBeVisible();
  await expect(page.getByText('Resent copy of')).toBeVisible();
  await expect(page.locator('main').getByText('Sent', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByLabel('Plain text of the mail')).toContainText('The link below works once and for 2 hours.');
  await page.getByRole('tab', { name: 'HTML' }).click();
  await expect(mail.getByText('The link below works once and for 2 hours.')).toBeVisible();

  await page.getByRole('link', { name: 'the original mail' }).click();
  await expect(page).toHaveURL(originalUrl);
  await expect(page.getByRole('heading', { name: 'Copies resent from this mail' })).toBeVisible();

  await page.getByRole('link', { name: 'All sent mails' }).click();
  await page.getByLabel('Recipient').fill(RECIPIENT);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const newest = page.getByRole('row').filter({ hasText: RECIPIENT });
  await expect(newest.first()).toContainText('resent copy');
  await expect(newest.nth(1)).not.toContainText('resent copy');
});

test('a reseller administrator has Scheduled but no Sent Mails or Templates', async ({ page, signInAs }) => {
  await signInAs(USERS.resellerAdmin);
  await page.goto('/admin/email-notifications');

  await expect(page).toHaveURL(/\/admin\/email-notifications\/scheduled$/);
  const tabs = page.getByRole('navigation', { name: 'Email Notifications' });
  await expect(tabs.getByRole('link')).toHaveText(['Scheduled']);
  await expect(page.getByRole('heading', { level: 2, name: 'Scheduled' })).toBeVisible();

  const response = await page.goto('/admin/email-notifications/sent');
  expect(response?.status()).toBe(403);
  await expect(page.getByText('You do not have access to Sent Mails.')).toBeVisible();
});
