import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { USERS, e2eDatabaseUrl, expect, test } from './fixtures.ts';

/** No console flow schedules a mail yet, so this spec writes two scheduled mails itself. */
const tag = randomBytes(4).toString('hex');
const TO_MOVE = `move-${tag}@acme-dental.example`;
const TO_SEND = `now-${tag}@acme-dental.example`;

test.beforeAll(async () => {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    // Acme Dental Group is a customer of Bluefin IT Services; the mail carries its tenancy stamps.
    await sql`
      insert into email_messages (
        company_id, channel_id, partner_id, customer_id, event, language, recipient_email,
        recipient_name, variables, subject, html, text, status, scheduled_for
      )
      select c.id, c.channel_id, c.partner_id, c.customer_id, 'license-added', 'en', r.email,
        'Dana Whitfield', '{}'::jsonb, 'Your Endpoint Protection license starts soon',
        '<p>Hello Dana Whitfield, your Endpoint Protection license starts soon.</p>',
        'Hello Dana Whitfield, your Endpoint Protection license starts soon.',
        'scheduled', now() + interval '1 day' + r.later
      from companies c,
        (values (${TO_MOVE}::text, interval '0 minutes'), (${TO_SEND}::text, interval '5 minutes')) as r(email, later)
      where c.account_name = 'acme-dental'
    `;
  } finally {
    await sql.end();
  }
});

/** A date three days ahead at 09:30, as the date-time field takes it and as the table shows it. */
function futureSendDate(): { input: string; shown: string } {
  const day = new Date(Date.now() + 3 * 86_400_000);
  const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9, 30));
  const shown = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(at);
  return { input: `${at.toISOString().slice(0, 10)}T09:30`, shown };
}

test('an MSP administrator moves one scheduled mail to another date and sends another now', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/admin/email-notifications/scheduled');
  await expect(page.getByRole('heading', { level: 2, name: 'Scheduled' })).toBeVisible();

  await page.getByLabel('Recipient').fill(`-${tag}@acme-dental`);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const toMove = page.getByRole('row').filter({ hasText: TO_MOVE });
  const toSend = page.getByRole('row').filter({ hasText: TO_SEND });
  await expect(toMove).toContainText('Acme Dental Group');
  await expect(toMove).toContainText('License added');
  await expect(toSend).toBeVisible();
  await expect(page.getByText('Showing 2 of 2')).toBeVisible();

  const toolbar = page.getByRole('toolbar', { name: 'Selected mails' });
  await expect(toolbar.getByRole('button', { name: 'Send now' })).toBeDisabled();

  // Change the send date: a date in the past is refused with the server's reason.
  await toMove.getByRole('checkbox').click();
  await expect(toolbar).toContainText('1 mail selected');
  await toolbar.getByRole('button', { name: 'Change send date' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Send date and time').fill('2020-01-01T09:00');
  await dialog.getByRole('button', { name: 'Change send date' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Choose a send date in the future, or use Send now.');

  const sendDate = futureSendDate();
  await dialog.getByLabel('Send date and time').fill(sendDate.input);
  await dialog.getByRole('button', { name: 'Change send date' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`1 mail moved to ${sendDate.shown}.`)).toBeVisible();
  await expect(toMove.getByRole('cell').nth(1)).toHaveText(sendDate.shown);

  // Send now: the mail leaves the queue at once.
  await toSend.getByRole('checkbox').click();
  await toolbar.getByRole('button', { name: 'Send now' }).click();
  await expect(page.getByText('1 mail queued to send now.')).toBeVisible();
  await expect(toSend).toHaveCount(0);
  await expect(toMove).toBeVisible();
  await expect(page.getByText('Showing 1 of 1')).toBeVisible();

  // …and is delivered: it is under Sent Mails, sent.
  await page.getByRole('navigation', { name: 'Email Notifications' }).getByRole('link', { name: 'Sent Mails' }).click();
  // Both tabs have a Recipient filter: fill the Sent Mails one, not the Scheduled one still shown.
  await expect(page.getByRole('heading', { level: 2, name: 'Sent Mails' })).toBeVisible();
  await page.getByLabel('Recipient').fill(TO_SEND);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const sent = page.getByRole('row').filter({ hasText: TO_SEND });
  await expect(sent).toContainText('Your Endpoint Protection license starts soon');
  await expect(async () => {
    await page.reload();
    await expect(sent.getByText('Sent', { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole('row').filter({ hasText: TO_MOVE })).toHaveCount(0);
});
