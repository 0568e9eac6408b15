import ExcelJS from 'exceljs';
import type { Locator, Page } from '@playwright/test';
import { USERS, expect, test } from './fixtures.ts';

/** The whole number a pool table cell shows ("1,380" → 1380). */
async function count(cell: Locator): Promise<number> {
  return Number((await cell.innerText()).replaceAll(',', '').trim());
}

const fullRemaining = (page: Page) => page.getByTestId('pool-WG').getByTestId('full-remaining');
const formatted = (n: number) => new Intl.NumberFormat('en').format(n);

async function chooseOption(page: Page, label: string, option: string | RegExp) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option }).click();
}

test('stock flows from the vendor to a tier-1, to an MSP, to a customer, and the purchase is a customer transaction in the XLSX export', async ({
  page,
  signInAs,
}) => {
  test.setTimeout(60_000);
  const planName = `Flow Gateway ${Date.now().toString(36)}`;

  // Tier-1: 500 full Web Gateway units from the vendor, 60 of them to Bluefin IT Services.
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/pool');
  const start = await count(fullRemaining(page));
  await page.getByRole('button', { name: 'Add more Web Gateway licenses' }).click();
  const add = page.getByRole('dialog', { name: 'Add more Web Gateway licenses' });
  await add.getByLabel('Full', { exact: true }).check();
  await add.getByRole('button', { name: 'Add 500 units' }).click();
  await expect(add).toBeHidden();
  await expect(fullRemaining(page)).toHaveText(formatted(start + 500));

  await page.goto('/licenses/partners');
  await page.getByRole('link', { name: 'Bluefin IT Services' }).click();
  await page.getByRole('link', { name: 'Licenses', exact: true }).click();
  const mspBefore = await count(fullRemaining(page));
  await page.getByRole('button', { name: 'Assign Web Gateway licenses' }).click();
  const assign = page.getByRole('dialog', { name: 'Assign licenses to Bluefin IT Services' });
  await assign.getByLabel('Full units', { exact: true }).fill('60');
  await assign.getByRole('button', { name: 'Assign licenses' }).click();
  await expect(assign).toBeHidden();
  await expect(fullRemaining(page)).toHaveText(formatted(mspBefore + 60));

  // The MSP: its pool shows the units; it creates a plan of the product.
  await signInAs(USERS.mspAdmin);
  await page.goto('/licenses/pool');
  await expect(fullRemaining(page)).toHaveText(formatted(mspBefore + 60));
  await page.goto('/licenses/service-plans/new');
  await page.getByLabel('Name').fill(planName);
  await chooseOption(page, 'Product', 'Web Gateway');
  await chooseOption(page, 'Unit type', 'user');
  await chooseOption(page, 'Data center', /US East/);
  await page.getByLabel('Initial license period (months)').fill('12');
  await page.getByRole('button', { name: 'Create plan' }).click();
  await expect(page).toHaveURL(/\/licenses\/service-plans$/);

  // …and assigns it to a customer: the license is active at once with its units.
  await page.goto('/licenses/customers?q=mission');
  await page.getByRole('link', { name: 'Mission Street Clinic' }).click();
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();
  await page.getByRole('button', { name: 'Assign plans' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assign service plans' });
  await dialog.getByLabel('Service plan').click();
  await page.getByRole('option', { name: new RegExp(`^Web Gateway — ${planName} \\(full, ${formatted(mspBefore + 60)} units left\\)$`) }).click();
  await dialog.getByLabel('Units').fill('25');
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByTestId('license-row').filter({ hasText: planName });
  await expect(row.getByTestId('license-status')).toHaveText('Active');
  await expect(row).toContainText('25 user');

  // The MSP's pool gave the 25 units.
  await page.goto('/licenses/pool');
  await expect(fullRemaining(page)).toHaveText(formatted(mspBefore + 60 - 25));

  // Administration → Customer Transactions: the new purchase, by the MSP's administrator.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customer Transactions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customer Transactions' })).toBeVisible();
  await chooseOption(page, 'Type', 'New purchase');
  await chooseOption(page, 'Product', 'Web Gateway');
  const purchase = page.getByTestId('transaction-row').filter({ hasText: planName });
  await expect(purchase).toHaveCount(1);
  await expect(purchase).toContainText('Mission Street Clinic');
  await expect(purchase).toContainText('0 → 25');
  await expect(purchase).toContainText('+25');
  await expect(purchase).toContainText('Bluefin IT Services');

  // …and in the Excel export of the same filters.
  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Excel (XLSX)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customer-transactions-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header).toEqual(expect.arrayContaining(['Type', 'Customer', 'Service plan', 'Previous units', 'New units', 'Change', 'By']));
  const column = (name: string) => header.indexOf(name) + 1;
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((r, n) => {
    if (n > 1 && r.getCell(column('Service plan')).text === planName) rows.push(r);
  });
  expect(rows).toHaveLength(1);
  const line = rows[0]!;
  expect(line.getCell(column('Type')).text).toBe('New purchase');
  expect(line.getCell(column('Customer')).text).toBe('Mission Street Clinic');
  expect(line.getCell(column('Product')).text).toBe('Web Gateway');
  expect(Number(line.getCell(column('Previous units')).text)).toBe(0);
  expect(Number(line.getCell(column('New units')).text)).toBe(25);
  expect(Number(line.getCell(column('Change')).text)).toBe(25);
  expect(line.getCell(column('By')).text).toContain('bluefin-it');
});
