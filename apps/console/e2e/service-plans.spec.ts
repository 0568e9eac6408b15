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
