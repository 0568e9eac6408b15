import { USERS, expect, test, withE2eDatabase } from './fixtures.ts';

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

/** Summit's customer account manager: no other spec signs in as it. */
const SUMMIT_CUSTOMER_MANAGER = 'customer-account-manager@summit-msp.example';

test('an MSP modifies and renews a license, and converts a trial to a full plan, from the Licenses tab', async ({ page, signInAs }) => {
  await signInAs(SUMMIT_CUSTOMER_MANAGER);
  await page.goto('/licenses/customers?q=globex');
  await page.getByRole('link', { name: 'Globex Logistics' }).click();
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();

  // The demo license inside its notice window says so.
  const annual = page.getByTestId('license-row').filter({ hasText: 'Email Security Annual' });
  await expect(annual.getByTestId('license-status')).toHaveText('Expiring soon');
  await expect(annual).toContainText('30 mailbox');

  await annual.getByRole('button', { name: 'Modify' }).click();
  const modify = page.getByRole('dialog', { name: 'Modify license' });
  await modify.getByLabel('Units (mailbox)').fill('32');
  await modify.getByRole('button', { name: 'Save changes' }).click();
  await expect(modify).toBeHidden();
  await expect(annual).toContainText('32 mailbox');

  // An expiry before the start is refused at the field.
  await annual.getByRole('button', { name: 'Modify' }).click();
  await modify.getByLabel('Expiry date').fill('2020-01-01');
  await modify.getByRole('button', { name: 'Save changes' }).click();
  await expect(modify.getByText('The expiry date must be after the start date.')).toBeVisible();
  await expect(modify.getByLabel('Expiry date')).toHaveAttribute('aria-invalid', 'true');
  await modify.getByRole('button', { name: 'Cancel' }).click();

  await annual.getByRole('button', { name: 'Renew' }).click();
  const renew = page.getByRole('dialog', { name: 'Renew license?' });
  await expect(renew).toContainText('is extended by 12 months');
  await renew.getByRole('button', { name: 'Renew' }).click();
  await expect(renew).toBeHidden();
  await expect(annual.getByTestId('license-status')).toHaveText('Active');

  // A trial moves to a full plan of the same product.
  await page.goto('/licenses/customers?q=danube');
  await page.getByRole('link', { name: 'Danube Pharma' }).click();
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();
  const trial = page.getByTestId('license-row').filter({ hasText: 'Email Security Trial' });
  await expect(trial.getByRole('cell', { name: 'Trial', exact: true })).toBeVisible();
  await trial.getByRole('button', { name: 'Convert to full' }).click();
  const convert = page.getByRole('dialog', { name: 'Convert to full?' });
  await convert.getByLabel('Full plan').click();
  await page.getByRole('option', { name: /^Email Security Annual \([\d,]+ full units left\)$/ }).click();
  await convert.getByRole('button', { name: 'Convert to full' }).click();
  await expect(convert).toBeHidden();
  const converted = page.getByTestId('license-row').filter({ hasText: 'Email Security Annual' });
  await expect(converted.getByRole('cell', { name: 'Full', exact: true })).toBeVisible();
  await expect(converted).toContainText('5 mailbox');
  await expect(page.getByTestId('license-row').filter({ hasText: 'Email Security Trial' })).toHaveCount(0);
});

test('Assign plans shows a plan whose pool has no units left, disabled and saying so', async ({ page, signInAs }) => {
  // A Bluefin plan of a product Bluefin holds no units of.
  await withE2eDatabase(async (sql) => {
    const [bluefin] = await sql<{ id: string; channel_id: string; partner_id: string }[]>`
      select id, channel_id, partner_id from companies where account_name = 'bluefin-it'`;
    const [product] = await sql<{ id: string }[]>`
      insert into products (code, name, unit_types, saas) values ('EZ', 'Emberzone Firewall', '{device}', false)
      on conflict (code) do update set enabled = true returning id`;
    await sql`
      insert into service_plans (company_id, channel_id, partner_id, name, product_id, version_type, unit_type, initial_period_months)
      values (${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id}, 'Emberzone Firewall Annual', ${product!.id}, 'full', 'device', 12)
      on conflict do nothing`;
  });
  await signInAs(USERS.mspAdmin);
  await page.goto('/licenses/customers?q=acme');
  await page.getByRole('link', { name: 'Acme Dental Group' }).click();
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();
  await page.getByRole('button', { name: 'Assign plans' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign service plans' });
  await dialog.getByLabel('Service plan').click();
  await expect(page.getByRole('option', { name: 'Emberzone Firewall — Emberzone Firewall Annual (full, 0 units left)', exact: true })).toHaveAttribute(
    'data-disabled',
    '',
  );
  await expect(page.getByRole('option', { name: /^Endpoint Protection — Endpoint Protection Annual \(full, [\d,]+ units left\)$/ })).not.toHaveAttribute(
    'data-disabled',
  );
});
