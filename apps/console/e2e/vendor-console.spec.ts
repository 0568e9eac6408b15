import type { Page } from '@playwright/test';
import { expect, newestMailText, test, waitingForHydration } from './fixtures.ts';

const VENDOR_ADMIN = 'admin@keyway.example';

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('the vendor creates a tier-1 with its first administrator and adds 500 units to its stock, which that administrator sees on License Pool', async ({
  page,
  browser,
  baseURL,
  signInAs,
}) => {
  // One story across two browsers and a mailbox: longer than the default timeout allows.
  test.slow();
  const suffix = Date.now().toString(36);
  const tier1 = { name: `Kestrel Distribution ${suffix}`, accountName: `kestrel-${suffix}` };
  const admin = { name: 'Kai Kestrel', email: `kai@kestrel-${suffix}.example`, password: 'kestrel-stock-2026' };

  await signInAs(VENDOR_ADMIN);
  await page.goto('/licenses/partners');
  await page.getByRole('link', { name: 'Create partner' }).click();
  await page.getByLabel('Company name').fill(tier1.name);
  await page.getByLabel('Account name').fill(tier1.accountName);
  await page.getByLabel('Contact email', { exact: true }).fill(`hello@${tier1.accountName}.example`);
  await chooseOption(page, 'Country', 'Germany');
  await chooseOption(page, 'Time zone', 'Europe/Berlin');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Partner type' })).toBeVisible();
  await page.getByLabel('Distributor', { exact: true }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Administrator name').fill(admin.name);
  await page.getByLabel('Administrator email').fill(admin.email);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Review' })).toBeVisible();
  await page.getByRole('button', { name: 'Create partner' }).click();
  await expect(page).toHaveURL(/\/licenses\/partners\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: tier1.name })).toBeVisible();

  // Its Stock tab starts empty; 500 full units of Cloud Email Security go in, with a reason.
  await page.getByRole('navigation', { name: 'Partner' }).getByRole('link', { name: 'Stock' }).click();
  const line = page.getByTestId('pool-CE');
  await expect(line.getByTestId('full-remaining')).toHaveText('0');
  await expect(page.getByText('No units have moved yet.')).toBeVisible();
  await line.getByRole('button', { name: 'Add Cloud Email Security units' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('spinbutton', { name: 'Units' }).fill('500');
  await dialog.getByLabel('Reason').fill('Opening stock');
  await dialog.getByRole('button', { name: 'Add units' }).click();
  await expect(page.getByText(`Added 500 full Cloud Email Security units to ${tier1.name}.`)).toBeVisible();
  await expect(line.getByTestId('full-remaining')).toHaveText('500');
  const movement = page.getByTestId('stock-movement');
  await expect(movement).toHaveCount(1);
  await expect(movement.getByTestId('movement-units')).toHaveText('+500 full');
  await expect(movement).toContainText('Added by the vendor');
  await expect(movement).toContainText('Opening stock');

  // More than is left cannot be taken back; the dialog says why.
  await line.getByRole('button', { name: 'Remove Cloud Email Security units' }).click();
  await dialog.getByRole('spinbutton', { name: 'Units' }).fill('501');
  await dialog.getByLabel('Reason').fill('Too many');
  await dialog.getByRole('button', { name: 'Remove units' }).click();
  await expect(dialog.getByText(`${tier1.name} has 500 unassigned full Cloud Email Security units`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(line.getByTestId('full-remaining')).toHaveText('500');

  // The new administrator chooses a password through the link in the welcome mail, signs in and
  // finds the units on the License Pool.
  const text = await newestMailText(admin.email, 'account-created');
  const link = text.match(/https?:\/\/\S+\/reset-password\/[a-z2-7]+/)?.[0];
  expect(link, `a set-password link in:\n${text}`).toBeDefined();
  const tier1Context = await browser.newContext({ baseURL });
  const tier1Page = waitingForHydration(await tier1Context.newPage());
  await tier1Page.goto(link!);
  await tier1Page.getByLabel('New password', { exact: true }).fill(admin.password);
  await tier1Page.getByLabel('Confirm new password').fill(admin.password);
  await tier1Page.getByRole('button', { name: 'Set new password' }).click();
  await expect(tier1Page.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await tier1Page.goto('/sign-in');
  await tier1Page.getByLabel('Email').fill(admin.email);
  await tier1Page.getByLabel('Password').fill(admin.password);
  await tier1Page.getByRole('button', { name: 'Sign in' }).click();
  await expect(tier1Page).toHaveURL(/\/dashboard$/);
  await tier1Page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'License Pool' }).click();
  const own = tier1Page.getByTestId('pool-CE');
  await expect(own.getByTestId('full-remaining')).toHaveText('500');
  await expect(own.getByTestId('trial-remaining')).toHaveText('0');
  await tier1Context.close();
});

test('the vendor keeps its catalog, disabling and enabling a product, and its dashboard counts what the catalog lists', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  await page.goto('/dashboard');
  const widget = page.getByRole('region', { name: 'Product catalog' });
  const disabledLink = widget.getByRole('link', { name: /Disabled/ });
  const counted = Number((await disabledLink.innerText()).match(/\d+/)![0]);
  expect(counted).toBeGreaterThan(0);
  await disabledLink.click();
  await expect(page).toHaveURL(/\/licenses\/catalog\?status=disabled$/);
  await expect(page.getByTestId('product-row')).toHaveCount(counted);
  await expect(page.getByTestId('products-count')).toContainText(String(counted));

  const classic = page.getByTestId('product-row').filter({ hasText: 'Classic Antivirus' });
  await expect(classic).toContainText('AV');
  await expect(classic).toContainText('Activation code');
  await expect(classic.getByTestId('product-status')).toHaveText('Disabled');
  await classic.getByRole('button', { name: 'Enable Classic Antivirus' }).click();
  await expect(page.getByText('Classic Antivirus is enabled.')).toBeVisible();
  // Enabled, it leaves the list of disabled products.
  await expect(classic).toHaveCount(0);

  await page.goto('/licenses/catalog?q=AV');
  const row = page.getByTestId('product-row').filter({ hasText: 'Classic Antivirus' });
  await expect(row.getByTestId('product-status')).toHaveText('Enabled');
  await row.getByRole('button', { name: 'Disable Classic Antivirus' }).click();
  await expect(page.getByText('Classic Antivirus is disabled')).toBeVisible();
  await expect(row.getByTestId('product-status')).toHaveText('Disabled');
});

test('the vendor reads the whole tree’s customers without a button to change them', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  // Contoso's channel's customer, seen by the vendor as by its own tier-1.
  await page.goto('/licenses/customers?q=alpenblick');
  await expect(page.getByRole('link', { name: 'Create customer' })).toHaveCount(0);
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'Alpenblick Hotels' })).toContainText('Contoso Networks');
  await page.getByRole('table').getByRole('link', { name: 'Alpenblick Hotels' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Alpenblick Hotels' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Edit|Disable|Assign/ })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();
  // The plan is a secondary column: there to read, shown on wider windows.
  await expect(page.getByRole('table').getByTestId('license-row').filter({ hasText: 'Endpoint Protection Annual' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Assign|Modify|Convert|Register/ })).toHaveCount(0);
});
