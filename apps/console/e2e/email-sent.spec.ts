import { randomBytes } from 'node:crypto';
import { USERS, expect, test, withE2eDatabase } from './fixtures.ts';

const RECIPIENT = 'support-engineer@bluefin-it.example';

test('a Bluefin administrator reads a password-reset mail as sent, with its single-use link hidden', async ({
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
  // Newest first: the mail just asked for, written by the worker moments after the answer.
  const row = page.getByRole('row').filter({ hasText: RECIPIENT }).first();
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText('Reset password', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
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
  // Whoever reads Sent Mails must not be able to use the recipient's link.
  await expect(mail.getByRole('link', { name: 'Choose a new password' })).toHaveAttribute('href', '[single-use link hidden]');
  await page.getByRole('tab', { name: 'Plain text' }).click();
  await expect(page.getByLabel('Plain text of the mail')).toContainText('[single-use link hidden]');
  await expect(page.getByLabel('Plain text of the mail')).not.toContainText('/reset-password/');
  await expect(page.getByRole('button', { name: 'Resend' })).toHaveCount(0);
  await expect(page.getByText('This mail carried a single-use link')).toBeVisible();
});

test('a Bluefin administrator resends a sent mail, and the copy is linked to the original', async ({ page, signInAs }) => {
  const to = `copy-${randomBytes(4).toString('hex')}@acme-dental.example`;
  // No console flow sends license mail yet: one as the licensing area will send it.
  await withE2eDatabase(
    (sql) => sql`
      insert into email_messages (company_id, channel_id, partner_id, customer_id, event, language, recipient_email,
        recipient_name, variables, subject, html, text, status, sent_at, provider_message_id, attempts)
      select id, channel_id, partner_id, customer_id, 'license-added', 'en', ${to}, 'Dana Whitfield', '{}'::jsonb,
        'Your Endpoint Protection license is ready', '<p>Hello Dana Whitfield, 25 devices are yours.</p>',
        'Hello Dana Whitfield, 25 devices are yours.', 'sent', now(), 'outbox-seeded', 1
      from companies where account_name = 'acme-dental'`,
  );

  await signInAs(USERS.mspAdmin);
  await page.goto(`/admin/email-notifications/sent?recipient=${encodeURIComponent(to)}`);
  await page.getByRole('row').filter({ hasText: to }).getByRole('link', { name: 'Your Endpoint Protection license is ready' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Your Endpoint Protection license is ready' })).toBeVisible();
  const originalUrl = page.url();

  await page.getByRole('button', { name: 'Resend' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`goes to ${to} now`);
  await dialog.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByText(`A copy is on its way to ${to}.`)).toBeVisible();

  // The copy: the same mail, linked to the original, delivered in turn.
  await expect(page).not.toHaveURL(originalUrl);
  await expect(page.getByText('Resent copy of')).toBeVisible();
  await expect(page.locator('main').getByText('Sent', { exact: true })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('tab', { name: 'Plain text' }).click();
  await expect(page.getByLabel('Plain text of the mail')).toContainText('Hello Dana Whitfield, 25 devices are yours.');

  await page.getByRole('link', { name: 'the original mail' }).click();
  await expect(page).toHaveURL(originalUrl);
  await expect(page.getByRole('heading', { name: 'Copies resent from this mail' })).toBeVisible();

  await page.getByRole('link', { name: 'All sent mails' }).click();
  await page.getByLabel('Recipient').fill(to);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const rows = page.getByRole('row').filter({ hasText: to });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('resent copy');
  await expect(rows.nth(1)).not.toContainText('resent copy');
});

test('Load more shows the next sent mails after the first page, none twice', async ({ page, signInAs }) => {
  const to = `page-${randomBytes(4).toString('hex')}@acme-dental.example`;
  // 30 mails sent within the same few microseconds: more than a page, tied on their time.
  await withE2eDatabase(
    (sql) => sql`
      insert into email_messages (company_id, channel_id, partner_id, customer_id, event, language, recipient_email,
        variables, subject, html, text, status, sent_at, attempts, created_at)
      select id, channel_id, partner_id, customer_id, 'license-added', 'en', ${to}, '{}'::jsonb,
        'Mail ' || n, '<p>Hello</p>', 'Hello', 'sent', now(), 1,
        timestamptz '2026-03-01 10:00:00.123456+00' + (n % 3) * interval '1 microsecond'
      from companies, generate_series(1, 30) n where account_name = 'acme-dental'`,
  );

  await signInAs(USERS.mspAdmin);
  await page.goto(`/admin/email-notifications/sent?recipient=${encodeURIComponent(to)}`);
  const rows = page.getByRole('row').filter({ hasText: to });
  await expect(rows).toHaveCount(25);
  await expect(page.getByTestId('sent-count')).toHaveText('Showing 25 of 30');
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByTestId('sent-count')).toHaveText('Showing 30 of 30');
  await expect(rows).toHaveCount(30);
  const subjects = await rows.getByRole('link').allTextContents();
  expect(new Set(subjects).size).toBe(30);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
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
