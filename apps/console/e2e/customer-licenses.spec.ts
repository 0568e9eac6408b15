import { USERS, expect, test } from './fixtures.ts';

test('an MSP assigns a plan to a customer, sees the license active with its units, and discontinues it', async ({ page, signInAs }) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/licenses/customers?q=acme');
  await page.getByRole('link', { name: 'Acme Dental Group' }).click();
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();
  await expect(page).toHaveURL(/\/licenses$/);

  await page.getByRole('button', { name: 'Assign plans' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign service plans' });
  await dialog.getByLabel('Service plan').click();
  await page.getByRole('option', { name: /^Endpoint Protection — Endpoint Protection Annual \(full, [\d,]+ units left\)$/ }).click();
  await expect(dialog).toContainText('12 months · units of device');

  // More than the pool holds: the refusal is shown under the units field, nothing is assigned.
  await dialog.getByLabel('Units').fill('100000');
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(dialog.getByText(/Bluefin IT Services has [\d,]+ full Endpoint Protection units left; 100000 were asked for\./)).toBeVisible();
  await expect(dialog.getByLabel('Units')).toHaveAttribute('aria-invalid', 'true');

  await dialog.getByLabel('Units').fill('7');
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('License assigned.')).toBeVisible();

  const row = page.getByTestId('license-row').filter({ hasText: 'Endpoint Protection Annual' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('license-status')).toHaveText('Active');
  await expect(row).toContainText('7 device');
  await expect(row).toContainText('Full');
  await expect(row).toContainText('Every 12 months');

  await row.getByRole('button', { name: 'Discontinue' }).click();
  const confirm = page.getByRole('dialog', { name: 'Discontinue license?' });
  await expect(confirm).toContainText('its 7 units go back to the license pool');
  await confirm.getByRole('button', { name: 'Discontinue' }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByTestId('license-status')).toHaveText('Discontinued');
  await expect(row.getByRole('button', { name: 'Discontinue' })).toHaveCount(0);

  // The status filter keeps it in the address.
  await page.getByLabel('Status', { exact: true }).click();
  await page.getByRole('option', { name: 'Discontinued', exact: true }).click();
  await expect(page).toHaveURL(/status=discontinued/);
  await expect(page.getByTestId('license-row')).toHaveCount(1);
});
