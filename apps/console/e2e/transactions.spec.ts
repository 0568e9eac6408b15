import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { USERS, expect, test } from './fixtures.ts';

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** This month as the Month filter names it, in Northwind's zone (its administrator's). */
const thisMonth = () =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'America/Los_Angeles' }).format(new Date());

test('a tier-1 filters its customer transactions by type and month and exports them to CSV', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/admin/transactions');
  await expect(page.getByRole('heading', { level: 1, name: 'Customer Transactions' })).toBeVisible();

  await chooseOption(page, 'Type', 'New purchase');
  await expect(page).toHaveURL(/\/admin\/transactions\?type=new-purchase$/);
  await chooseOption(page, 'Month', thisMonth());
  await expect(page).toHaveURL(/\/admin\/transactions\?type=new-purchase&month=\d{4}-\d{2}$/);

  // The demo licenses' purchases: Northwind's own customers and its partners' customers, no other channel's.
  const rows = page.getByTestId('transaction-row');
  const pinecrest = rows.filter({ hasText: 'Pinecrest Medical Center' });
  await expect(pinecrest).toHaveCount(1);
  await expect(pinecrest).toContainText('Endpoint Protection');
  await expect(pinecrest).toContainText('0 → 120');
  await expect(pinecrest).toContainText('+120');
  await expect(pinecrest).toContainText('System');
  await expect(rows.filter({ hasText: 'Golden Gate Architects' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Globex Logistics' })).toHaveCount(0);
  for (const type of await rows.locator('td:nth-child(5)').allTextContents()) expect(type.trim()).toBe('New purchase');
  const shown = await rows.count();

  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customer-transactions-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByText(/^Exported \d+ transactions? to customer-transactions-\d{4}-\d{2}-\d{2}\.csv\.$/)).toBeVisible();

  const lines = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'Date (America/Los_Angeles),Type,Customer,Account name,Product,Service plan,Version,Previous units,New units,Change,Unit type,Previous charge start,New charge start,By,Note',
  );
  expect(lines).toHaveLength(shown + 1);
  expect(lines.find((line) => line.includes(',Pinecrest Medical Center,'))).toMatch(
    /^\d{4}-\d{2}-\d{2} \d{2}:\d{2},New purchase,Pinecrest Medical Center,pinecrest-medical,Endpoint Protection,[^,]+,Full,0,120,120,/,
  );
  expect(lines.some((line) => line.includes('Globex'))).toBe(false);

  // Another type shows none of them.
  await chooseOption(page, 'Type', 'Discontinue');
  await expect(rows.filter({ hasText: 'Pinecrest Medical Center' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/admin\/transactions$/);
});

test('customers filter by license status, over-allocated included', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1CustomerManager);
  await page.goto('/licenses/customers');
  // The demo's over-allocated customer: Sequoia Law Partners used more endpoints than it holds.
  await chooseOption(page, 'License status', 'Over-allocated');
  await expect(page).toHaveURL(/\/licenses\/customers\?license=over-allocated$/);
  await expect(page.getByRole('link', { name: 'Sequoia Law Partners' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Golden Gate Architects' })).toHaveCount(0);
  await page.getByLabel('License status', { exact: true }).click();
  await page.getByRole('option', { name: 'Expired', exact: true }).click();
  await expect(page).toHaveURL(/\/licenses\/customers\?license=expired$/);
  // The demo licenses: Redwood Bakery's ran out; Golden Gate Architects' runs for months yet.
  await expect(page.getByRole('link', { name: 'Redwood Bakery Co.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Golden Gate Architects' })).toHaveCount(0);

  await chooseOption(page, 'License status', 'Normal');
  await expect(page.getByRole('link', { name: 'Golden Gate Architects' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Redwood Bakery Co.' })).toHaveCount(0);
  await chooseOption(page, 'Product', 'Server Security');
  await expect(page).toHaveURL(/license=normal/);
  await expect(page.getByRole('link', { name: 'Lakeside Credit Union' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Golden Gate Architects' })).toHaveCount(0);
});
