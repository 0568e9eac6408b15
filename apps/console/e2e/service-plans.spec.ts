import { expect, test, USERS } from './fixtures.ts';

test('an MSP administrator creates a service plan, sees it listed, is refused a 12-month trial plan with the reason, and disables the plan', async ({
  page,
  signInAs,
}) => {
  const name = `Bluefin Mail ${Date.now().toString(36)}`;
  await signInAs(USERS.mspAdmin);
  await page.goto('/dashboard');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service Plans' }).click();
  await expect(page.getByRole('heading', { name: 'Service Plans', level: 1 })).toBeVisible();
  // The demo plans are listed with their status in words.
  await expect(page.getByRole('link', { name: 'Email Security Annual', exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'New plan' }).click();
  await expect(page.getByRole('heading', { name: 'New service plan', level: 1 })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Product', { exact: true }).click();
  await page.getByRole('option', { name: 'Cloud Email Security' }).click();
  await page.getByLabel('Data center', { exact: true }).click();
  await page.getByRole('option', { name: /US East/ }).click();
  await page.getByLabel('Initial license period (months)').fill('12');
  await page.getByRole('button', { name: 'Create plan' }).click();

  await expect(page).toHaveURL(/\/licenses\/service-plans$/);
  await page.getByLabel('Plan name').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.getByTestId('plan-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Cloud Email Security');
  await expect(row).toContainText('12 months');
  await expect(row.getByTestId('plan-status')).toHaveText('Enabled');

  // A trial plan runs 1 month: 12 is refused with the server's message beside the field.
  await page.getByRole('link', { name: 'New plan' }).click();
  await page.getByLabel('Name', { exact: true }).fill(`${name} Trial`);
  await page.getByLabel('Product', { exact: true }).click();
  await page.getByRole('option', { name: 'Cloud Email Security' }).click();
  await page.getByLabel('Version type', { exact: true }).click();
  await page.getByRole('option', { name: 'Trial' }).click();
  await page.getByLabel('Data center', { exact: true }).click();
  await page.getByRole('option', { name: /US East/ }).click();
  await page.getByLabel('Initial license period (months)').fill('12');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await expect(page.getByText("A trial plan's initial license period is 1 month, not 12.")).toBeVisible();
  await expect(page.getByLabel('Initial license period (months)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/licenses\/service-plans\/new$/);

  // Disable the first plan from the list.
  await page.goto(`/licenses/service-plans?q=${encodeURIComponent(name)}`);
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: `Disable ${name}` }).click();
  await expect(page.getByText(`${name} is disabled. Licenses already assigned from it are not changed.`)).toBeVisible();
  await expect(row.getByTestId('plan-status')).toHaveText('Disabled');
  await expect(row.getByRole('button', { name: `Enable ${name}` })).toBeVisible();

  // The trial plan was never created.
  await page.goto(`/licenses/service-plans?q=${encodeURIComponent(`${name} Trial`)}`);
  await expect(page.getByText('No service plans match these filters.')).toBeVisible();
});

test("a tier-1 administrator assigns one of its plans to a reseller on the reseller's Service Plans tab and takes it back", async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/partners');
  await page.getByRole('link', { name: 'Harbor Resellers' }).click();
  await page.getByRole('navigation', { name: 'Partner' }).getByRole('link', { name: 'Service Plans' }).click();
  await expect(page).toHaveURL(/\/licenses\/partners\/[^/]+\/service-plans$/);
  const rows = page.getByTestId('reseller-plan-row');
  // The demo channel lends its email and endpoint plans to its resellers.
  await expect(rows.filter({ hasText: 'Email Security Annual' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Web Gateway Trial' })).toHaveCount(0);

  await page.getByLabel('Assign one of your service plans').click();
  await page.getByRole('option', { name: 'Web Gateway Trial · Web Gateway' }).click();
  await page.getByRole('button', { name: 'Assign plan' }).click();
  await expect(page.getByText('Harbor Resellers may now sell Web Gateway Trial.')).toBeVisible();
  const added = rows.filter({ hasText: 'Web Gateway Trial' });
  await expect(added).toHaveCount(1);
  await expect(added.getByTestId('plan-status')).toHaveText('Enabled');

  await added.getByRole('button', { name: 'Unassign Web Gateway Trial' }).click();
  await expect(page.getByText('Web Gateway Trial is no longer assigned to Harbor Resellers.', { exact: false })).toBeVisible();
  await expect(rows.filter({ hasText: 'Web Gateway Trial' })).toHaveCount(0);
});
