import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { USERS, expect, test } from './fixtures.ts';

/** Bluefin's customer account manager: an MSP role that may change customers; no other spec signs in as it. */
const MSP_CUSTOMER_MANAGER = 'customer-account-manager@bluefin-it.example';

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a reseller administrator sees its customers but has no controls to change them', async ({ page, signInAs }) => {
  await signInAs(USERS.resellerAdmin);
  await page.goto('/licenses/customers');

  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: 'Beacon Hill Accounting' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Fenway Fitness Clubs' })).toBeVisible();
  // Only its own customers, and no partner column: they are all its own.
  await expect(table.getByRole('link', { name: 'Acme Dental Group' })).toHaveCount(0);
  await expect(table.getByRole('columnheader', { name: 'Partner' })).toHaveCount(0);
  await expect(page.getByTestId('customers-count')).toHaveText('Showing 6 of 6 customers');
  // Resellers create customers; they may not change them afterwards.
  await expect(page.getByRole('link', { name: 'Create customer' })).toBeVisible();

  // Sorting by account name, descending, is kept in the address.
  await page.getByRole('link', { name: 'Account name' }).click();
  await expect(page).toHaveURL(/sort=accountName/);
  await page.getByRole('link', { name: 'Account name' }).click();
  await expect(page).toHaveURL(/sort=accountName&dir=desc/);
  await expect(table.getByRole('row').nth(1)).toContainText('salem-history');

  await table.getByRole('link', { name: 'Beacon Hill Accounting' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Beacon Hill Accounting' })).toBeVisible();
  await expect(page.getByTestId('customer-status')).toHaveText('Enabled');
  await expect(page.getByLabel('Sign-in URL')).toHaveValue(/\/sign-in\/northwind-distribution\/beacon-accounting$/);
  await expect(page.getByLabel('Company profile')).toContainText('admin@beacon-accounting.example');
  await expect(page.getByRole('button', { name: 'Edit profile' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Disable' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Enable' })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'admin@beacon-accounting.example' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New account' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Edit / })).toHaveCount(0);
});

test('an MSP disables a customer and enables it again', async ({ page, signInAs }) => {
  await signInAs(MSP_CUSTOMER_MANAGER);
  await page.goto('/licenses/customers?q=redwood');
  await page.getByRole('link', { name: 'Redwood Bakery Co.' }).click();
  await expect(page.getByTestId('customer-status')).toHaveText('Enabled');

  await page.getByRole('button', { name: 'Disable' }).click();
  const disable = page.getByRole('dialog', { name: 'Disable Redwood Bakery Co.?' });
  await expect(disable).toContainText('All of its licenses expire at once.');
  await disable.getByRole('button', { name: 'Disable customer' }).click();
  await expect(disable).toBeHidden();
  await expect(page.getByText('Redwood Bakery Co. is disabled.')).toBeVisible();
  await expect(page.getByTestId('customer-status')).toHaveText('Disabled');
  await expect(page.getByText(/disabled on \d+ \w{3} \d{4}/)).toBeVisible();

  // The list's status filter (the dashboard's "Disabled" widget) now finds it.
  await page.goto('/licenses/customers?status=disabled');
  await expect(page.getByRole('table').getByRole('link', { name: 'Redwood Bakery Co.' })).toBeVisible();
  await page.getByRole('table').getByRole('link', { name: 'Redwood Bakery Co.' }).click();

  await page.getByRole('button', { name: 'Enable' }).click();
  const enable = page.getByRole('dialog', { name: 'Enable Redwood Bakery Co.?' });
  await enable.getByRole('button', { name: 'Enable customer' }).click();
  await expect(enable).toBeHidden();
  await expect(page.getByTestId('customer-status')).toHaveText('Enabled');
  await expect(page.getByRole('button', { name: 'Disable' })).toBeVisible();
});

test('an MSP creating a customer with a taken account name is told so at the field, then creates it', async ({
  page,
  signInAs,
}) => {
  await signInAs(MSP_CUSTOMER_MANAGER);
  await page.goto('/licenses/customers/new');

  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByText('Enter the company name.')).toBeVisible();
  await expect(page.getByText('Enter the administrator’s name.')).toBeVisible();

  await page.getByLabel('Company name').fill('Presidio Vets');
  await page.getByLabel('Account name').fill('sequoia-law');
  await page.getByLabel('Contact email', { exact: true }).fill('front-desk@presidio-vets.example');
  await page.getByLabel('Emergency contact email (optional)').fill('not-an-email');
  await chooseOption(page, 'Country', 'United States');
  await page.getByLabel('Administrator name').fill('Priya Raman');
  await page.getByLabel('Administrator email').fill('priya@presidio-vets.example');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.locator('#customer-emergencyEmail-error')).toHaveText('Enter a valid email address.');

  await page.getByLabel('Emergency contact email (optional)').fill('on-call@presidio-vets.example');
  await page.getByRole('button', { name: 'Create customer' }).click();
  const accountName = page.getByLabel('Account name');
  await expect(accountName).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#customer-accountName-error')).toHaveText(
    'The account name "sequoia-law" is already used by Sequoia Law Partners in your channel. Choose another one.',
  );
  await expect(page).toHaveURL(/\/licenses\/customers\/new$/);

  await accountName.fill('presidio-vets');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page).toHaveURL(/\/licenses\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Presidio Vets is created. The welcome mail is on its way to priya@presidio-vets.example.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Presidio Vets' })).toBeVisible();
  await expect(page.getByLabel('Company profile')).toContainText('on-call@presidio-vets.example');
});

test('the customers the filters select are exported to CSV', async ({ page, signInAs }) => {
  await signInAs(USERS.resellerAdmin);
  await page.goto('/licenses/customers?q=fenway');
  await expect(page.getByTestId('customers-count')).toHaveText('Showing 1 of 1 customer');

  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByText(/^Exported 1 customer to customers-\d{4}-\d{2}-\d{2}\.csv\.$/)).toBeVisible();

  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain('Customer,Account name,Status');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('Fenway Fitness Clubs,fenway-fitness');
});

test('a tier-1 lists the customers it manages directly; filters combine and clear', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.tier1CustomerManager);
  await page.goto('/licenses/customers');
  const table = page.getByRole('table');
  await expect(table.getByRole('row').filter({ hasText: 'Acme Dental Group' })).toContainText('Bluefin IT Services');

  await page.getByLabel('Partner').click();
  await page.getByRole('option', { name: 'Managed directly' }).click();
  await expect(page).toHaveURL(/partner=direct/);
  await expect(page.getByLabel('Partner')).toHaveText('Managed directly');
  await expect(page.getByTestId('customers-count')).toHaveText('Showing 4 of 4 customers');
  await expect(table.getByRole('link', { name: 'Pinecrest Medical Center' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Acme Dental Group' })).toHaveCount(0);

  // Filters combine, and "Clear filters" drops them all.
  await page.goto('/licenses/customers?partner=direct&status=disabled');
  await expect(page.getByTestId('customers-count')).toHaveText('Showing 1 of 1 customer');
  await expect(table.getByRole('link', { name: 'Cascade School District' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/licenses\/customers$/);
  await expect(page.getByLabel('Partner')).toHaveText('All customers');
});
