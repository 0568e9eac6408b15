import { USERS, expect, test } from './fixtures.ts';

/** The example values the preview fills in for "License added" (the email package's catalogue). */
const SAMPLE = { customerName: 'Harbor Dental Group', productName: 'Keyway Secure Mail', units: '25', unitType: 'mailboxes' };

test('an MSP administrator words the License added mail with a live preview, saves it as its own and resets it', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/admin/email-notifications');

  // The first tab the administrator may open: Templates, all three tabs offered.
  await expect(page).toHaveURL(/\/admin\/email-notifications\/templates$/);
  const tabs = page.getByRole('navigation', { name: 'Email Notifications' });
  await expect(tabs.getByRole('link')).toHaveText(['Templates', 'Sent Mails', 'Scheduled']);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'License added', exact: true }) });
  await expect(row.getByText('Enabled')).toBeVisible();
  await expect(row.getByText('Default', { exact: true })).toBeVisible();

  await row.getByRole('link', { name: 'License added' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'License added' })).toBeVisible();
  const subject = page.getByLabel('Subject', { exact: true });
  await expect(subject).toHaveValue('Your {{productName}} license is ready');
  const preview = page.frameLocator('iframe[title="Mail preview"]');
  await expect(page.getByTestId('preview-subject')).toHaveText(`Your ${SAMPLE.productName} license is ready`);

  // Typing re-renders the preview with the example values.
  await subject.fill('{{customerName}}: {{productName}} is on its way');
  await page.getByLabel('Body', { exact: true }).fill('Bluefin has set up {{units}} {{unitType}} for you.');
  await expect(page.getByTestId('preview-subject')).toHaveText(
    `${SAMPLE.customerName}: ${SAMPLE.productName} is on its way`,
  );
  await expect(preview.getByText(`Bluefin has set up ${SAMPLE.units} ${SAMPLE.unitType} for you.`)).toBeVisible();

  // A variable chosen from the list goes in where the cursor is.
  const closing = page.getByLabel('Closing', { exact: true });
  await closing.fill('Valid until ');
  await page.getByRole('button', { name: 'Insert {{expiryDate}}' }).click();
  await expect(closing).toHaveValue('Valid until {{expiryDate}}');
  await expect(preview.getByText('Valid until 30 September 2027')).toBeVisible();

  // License added may go out some days before the license starts.
  await page.getByRole('radio', { name: 'Before the license starts' }).click();
  await page.getByLabel('days before the start date').fill('3');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved your English text for “License added”.')).toBeVisible();
  await expect(page.locator('main').getByText('Own', { exact: true })).toBeVisible();
  await expect(subject).toHaveValue('{{customerName}}: {{productName}} is on its way');
  await expect(page.getByRole('radio', { name: 'Before the license starts' })).toBeChecked();
  await expect(page.getByLabel('days before the start date')).toHaveValue('3');

  await page.getByRole('link', { name: 'All templates' }).click();
  await expect(row.getByText('Own', { exact: true })).toBeVisible();
  await expect(row.getByText(`{{customerName}}: {{productName}} is on its way`)).toBeVisible();

  // Reset: after confirming, the built-in text applies again.
  await row.getByRole('link', { name: 'License added' }).click();
  await page.getByRole('button', { name: 'Reset to inherited' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Your own English text for this mail is deleted.');
  await dialog.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByText('“License added” uses the inherited text again.')).toBeVisible();
  await expect(subject).toHaveValue('Your {{productName}} license is ready');
  await expect(page.getByRole('button', { name: 'Reset to inherited' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Immediately when the license is assigned' })).toBeChecked();
  await page.getByRole('link', { name: 'All templates' }).click();
  await expect(row.getByText('Default', { exact: true })).toBeVisible();
});

test('a text with an unknown variable is refused with the server’s reason and not saved', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/admin/email-notifications/templates/license-modified');
  await expect(page.getByRole('heading', { level: 2, name: 'License modified' })).toBeVisible();

  const subject = page.getByLabel('Subject', { exact: true });
  await subject.fill('Changed: {{licenceName}}');
  await page.getByRole('button', { name: 'Save' }).click();

  const refusal = page.getByRole('alert').filter({ hasText: 'Not saved' });
  await expect(refusal).toContainText('Unknown variables: {{licenceName}}. Available: ');
  await expect(refusal).toContainText('{{productName}}');
  // The live preview says the same instead of rendering the typo.
  await expect(page.getByTestId('preview-error')).toContainText('Unknown variables: {{licenceName}}.');

  await page.reload();
  await expect(subject).toHaveValue('Your {{productName}} license has changed');
  await expect(page.locator('main').getByText('Default', { exact: true })).toBeVisible();
});
