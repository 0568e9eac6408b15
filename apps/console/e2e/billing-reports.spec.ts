import ExcelJS from 'exceljs';
import { expect, test, withE2eDatabase } from './fixtures.ts';

/**
 * A bill's round trip, in Contoso's channel (no other spec bills it): Summit submits its rejected
 * usage report of the last cycle again and Contoso approves it; Contoso's billing manager runs
 * billing for the cycle, enters the PO number, specifies a promo code on a line and submits the
 * bill; the vendor returns it with a comment; Contoso corrects the PO number and submits again;
 * the vendor completes it; Summit's usage report then reads Completed, and the bill's XLSX holds
 * the total the console showed.
 */
const TIER1_BILLING = 'billing-manager@contoso-networks.example';
const MSP_ADMIN = 'admin@summit-msp.example';
const VENDOR_ADMIN = 'admin@keyway.example';
const MSP = 'summit-msp';
const MSP_NAME = 'Summit Managed Services';

/** The cycle that ended last (UTC). */
const CYCLE = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
const CYCLE_LABEL = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${CYCLE}-01T00:00:00Z`));

/** "1,234.50 EUR" → 123450n: the console's text read back as integer minor units. */
function minorOf(text: string): bigint {
  const match = /(-?)([\d,]+)\.(\d{2})/.exec(text);
  if (!match) throw new Error(`No amount in “${text}”`);
  const minor = BigInt(match[2]!.replaceAll(',', '') + match[3]!);
  return match[1] ? -minor : minor;
}

test.describe.configure({ mode: 'serial' });

let usageReportId: string;
let billId: string;

test('the MSP submits its corrected usage report again and the tier-1 approves it', async ({ page, signInAs }) => {
  const [report] = await withE2eDatabase((sql) => sql<{ id: string; status: string }[]>`
    select r.id, r.status from usage_reports r join companies c on c.id = r.company_id
    where c.account_name = ${MSP} and r.cycle = ${`${CYCLE}-01`}::date`);
  expect(report?.status, 'the demo leaves Summit’s last report rejected').toBe('rejected');
  usageReportId = report!.id;

  await signInAs(MSP_ADMIN);
  await page.goto(`/reports/usage/${usageReportId}`);
  await expect(page.getByTestId('usage-report-status')).toHaveText('Rejected');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Submit this report?' });
  await confirm.getByLabel(/^Comment/).fill('Globex’s move is documented in the ticket we sent.');
  await confirm.getByRole('button', { name: 'Submit report' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('usage-report-status')).toHaveText('Under review');

  await page.context().clearCookies();
  await signInAs(TIER1_BILLING);
  await page.goto(`/reports/usage/${usageReportId}`);
  await page.getByRole('button', { name: 'Approve' }).click();
  const approve = page.getByRole('dialog', { name: 'Approve this report?' });
  await approve.getByRole('button', { name: 'Approve report' }).click();
  await expect(approve).toBeHidden();
  await expect(page.getByTestId('usage-report-status')).toHaveText('Approved');
});

test('the tier-1 runs billing for the last cycle, enters the PO number, applies a promo code and submits', async ({ page, signInAs }) => {
  await signInAs(TIER1_BILLING);
  await page.goto('/reports/billing');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing Reports' })).toBeVisible();
  await page.getByRole('button', { name: 'Run billing' }).click();
  const run = page.getByRole('dialog', { name: 'Run billing' });
  await expect(run.getByLabel('Cycle')).toHaveText(CYCLE_LABEL);
  await run.getByRole('button', { name: 'Run billing' }).click();
  await expect(run).toBeHidden();
  await expect(page.getByText(`Billing ${CYCLE_LABEL}: 1 approved usage report to draft.`)).toBeVisible();

  // The job drafts the bill; the page reloads the list once it is there.
  const row = page.getByTestId('billing-report-row').filter({ hasText: CYCLE_LABEL }).filter({ hasText: MSP_NAME });
  await expect(row).toContainText('Draft', { timeout: 30_000 });
  await row.getByRole('link').click();
  await expect(page).toHaveURL(/\/reports\/billing\/[0-9a-f-]{36}$/);
  billId = page.url().split('/').at(-1)!;
  await expect(page.getByTestId('billing-report-status')).toHaveText('Draft');
  await expect(page.getByTestId('billing-report-event').first()).toContainText('Drafted by the billing run');

  // Without a PO number the bill is not submitted, and the dialog says why.
  await page.getByRole('button', { name: 'Submit to vendor' }).click();
  const submit = page.getByRole('dialog', { name: 'Submit this bill to the vendor?' });
  await submit.getByRole('button', { name: 'Submit to vendor' }).click();
  await expect(submit.getByText('Enter the PO number before submitting the billing report to the vendor.')).toBeVisible();
  await submit.getByRole('button', { name: 'Cancel' }).click();

  await page.getByLabel('PO number').fill('CN-E2E-0001');
  await page.getByRole('button', { name: 'Save PO number' }).click();
  await expect(page.getByTestId('billing-report-po')).toHaveText('CN-E2E-0001');

  // A line the valid code covers (Cloud Email Security or Endpoint Protection).
  const [line] = await withE2eDatabase((sql) => sql<{ customer: string; product: string }[]>`
    select c.name as customer, p.name as product from billing_report_lines l
    join companies c on c.id = l.company_id join products p on p.id = l.product_id
    where l.report_id = ${billId} and p.code in ('CE', 'EP') and l.unit_price_minor is not null and l.chargeable > 0
    order by l.chargeable desc limit 1`);
  expect(line, 'Summit’s bill has a Cloud Email Security or Endpoint Protection line').toBeDefined();
  const lineRow = page.getByTestId('billing-line').filter({ hasText: line!.customer }).filter({ hasText: line!.product });
  const totalBefore = minorOf(await page.getByTestId('billing-report-total').innerText());
  const amountBefore = minorOf(await lineRow.getByTestId('billing-line-amount').innerText());

  await lineRow.getByRole('button', { name: /^Promo code for / }).click();
  const promo = page.getByRole('dialog', { name: 'Promo code' });
  // An expired code is refused with its reason.
  await promo.getByLabel('Code').fill('summer-deal');
  await promo.getByRole('button', { name: 'Apply code' }).click();
  await expect(promo.getByText(/^The promo code SUMMER-DEAL expired on \d{4}-\d{2}-\d{2}\.$/)).toBeVisible();
  // A valid one opens the margin, within its bound.
  await promo.getByLabel('Code').fill('partner-boost');
  await promo.getByRole('button', { name: 'Apply code' }).click();
  await expect(promo.getByTestId('promo-bound')).toHaveText('PARTNER-BOOST allows a margin from 15 % to 30 %.');
  await promo.getByLabel('Margin (%)').fill('35');
  await promo.getByRole('button', { name: 'Save' }).click();
  await expect(promo.getByText('With PARTNER-BOOST the margin may be from 15.00 % to 30.00 %.')).toBeVisible();
  await promo.getByLabel('Margin (%)').fill('20');
  await promo.getByRole('button', { name: 'Save' }).click();
  await expect(promo).toBeHidden();
  await expect(lineRow).toContainText('PARTNER-BOOST');
  await expect(lineRow).toContainText('20 %');
  await expect(lineRow).toContainText('list 15 %');

  // A higher margin lowers the line, and the total by exactly as much.
  const amountAfter = minorOf(await lineRow.getByTestId('billing-line-amount').innerText());
  expect(amountAfter).toBeLessThan(amountBefore);
  await expect.poll(async () => minorOf(await page.getByTestId('billing-report-total').innerText())).toBe(totalBefore - amountBefore + amountAfter);

  await page.getByRole('button', { name: 'Submit to vendor' }).click();
  await submit.getByLabel(/^Comment/).fill('Promo code agreed with the channel team.');
  await submit.getByRole('button', { name: 'Submit to vendor' }).click();
  await expect(submit).toBeHidden();
  await expect(page.getByTestId('billing-report-status')).toHaveText('Submitted to vendor');
  await expect(page.getByRole('button', { name: /^Promo code for / })).toHaveCount(0);
  await expect(page.getByLabel('PO number')).toHaveCount(0);
});

test('the vendor returns the bill with a comment', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  await page.goto(`/reports/billing?cycle=${CYCLE}&status=submitted_to_vendor`);
  const row = page.getByTestId('billing-report-row').filter({ hasText: MSP_NAME });
  await expect(row).toContainText('Contoso');
  await expect(row).toContainText('CN-E2E-0001');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/billing/${billId}$`));
  await expect(page.getByTestId('submit-comment')).toHaveText('Promo code agreed with the channel team.');

  await page.getByRole('button', { name: 'Return' }).click();
  const dialog = page.getByRole('dialog', { name: 'Return this bill?' });
  await dialog.getByRole('button', { name: 'Return bill' }).click();
  await expect(dialog.getByText('Say why the bill is returned: the parent account reads it.')).toBeVisible();
  await dialog.getByLabel(/^Reason/).fill('PO CN-E2E-0001 is closed: use the PO for this quarter.');
  await dialog.getByRole('button', { name: 'Return bill' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('billing-report-status')).toHaveText('Returned by vendor');
  await expect(page.getByTestId('review-comment')).toHaveText('PO CN-E2E-0001 is closed: use the PO for this quarter.');
});

test('the tier-1 corrects the PO number and submits the bill again', async ({ page, signInAs }) => {
  await signInAs(TIER1_BILLING);
  await page.goto(`/reports/billing/${billId}`);
  await expect(page.getByTestId('billing-report-status')).toHaveText('Returned by vendor');
  await expect(page.getByText('The vendor returned this bill.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Submit to vendor' })).toHaveCount(0);

  await page.getByLabel('PO number').fill('CN-E2E-0002');
  await page.getByRole('button', { name: 'Save PO number' }).click();
  await expect(page.getByTestId('billing-report-status')).toHaveText('Draft');
  await expect(page.getByTestId('billing-report-po')).toHaveText('CN-E2E-0002');

  await page.getByRole('button', { name: 'Submit to vendor' }).click();
  const submit = page.getByRole('dialog', { name: 'Submit this bill to the vendor?' });
  await submit.getByRole('button', { name: 'Submit to vendor' }).click();
  await expect(submit).toBeHidden();
  await expect(page.getByTestId('billing-report-status')).toHaveText('Submitted to vendor');
  const history = page.getByTestId('billing-report-event');
  await expect(history.filter({ hasText: 'Returned by vendor' })).toContainText('PO CN-E2E-0001 is closed');
  await expect(history.filter({ hasText: 'Reopened as draft' })).toHaveCount(1);
});

test('the vendor completes the bill, the MSP’s usage report reads Completed, and the XLSX holds the total', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  await page.goto(`/reports/billing/${billId}`);
  await page.getByRole('button', { name: 'Complete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Complete this bill?' });
  await dialog.getByRole('button', { name: 'Complete bill' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('billing-report-status')).toHaveText('Completed');
  await expect(page.getByRole('button', { name: 'Return' })).toHaveCount(0);
  const total = await page.getByTestId('billing-report-total').innerText();

  // The bill's lines as Excel: the amounts add up to the total shown, in the bill's currency.
  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Excel (XLSX)' }).click();
  const download = await downloading;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const amountColumn = header.indexOf('Amount');
  const currencyColumn = header.indexOf('Currency');
  expect(amountColumn).toBeGreaterThan(0);
  let sum = 0n;
  let lines = 0;
  sheet.eachRow((row, index) => {
    if (index === 1) return;
    lines += 1;
    sum += minorOf(String(row.getCell(amountColumn).value));
    expect(String(row.getCell(currencyColumn).value)).toBe('EUR');
  });
  expect(lines).toBeGreaterThan(0);
  expect(sum).toBe(minorOf(total));

  // The MSP sees its usage report as completed.
  await page.context().clearCookies();
  await signInAs(MSP_ADMIN);
  await page.goto(`/reports/usage/${usageReportId}`);
  await expect(page.getByTestId('usage-report-status')).toHaveText('Completed');
  await page.goto(`/reports/usage?cycle=${CYCLE}`);
  await expect(page.getByTestId('usage-report-row').first()).toContainText('Completed');
});

test('the dashboards count the cycle’s bills per status and link to each filtered list', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  await page.goto('/dashboard');
  const widgets = page.getByRole('region', { name: `Billing reports · ${CYCLE_LABEL}` });
  // The vendor sees no drafts: they are the parent accounts' own.
  await expect(widgets.getByRole('link', { name: /^Draft/ })).toHaveCount(0);
  await widgets.getByRole('link', { name: /^Completed/ }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/billing\\?cycle=${CYCLE}&status=completed$`));
  await expect(page.getByTestId('billing-report-row').filter({ hasText: MSP_NAME })).toContainText('Completed');
  await expect(page.getByLabel('Status')).toContainText('Completed');

  await page.context().clearCookies();
  await signInAs(TIER1_BILLING);
  await page.goto('/dashboard');
  const own = page.getByRole('region', { name: `Billing reports · ${CYCLE_LABEL}` });
  await expect(own.getByRole('link', { name: /^Completed/ })).toContainText('1');
  await own.getByRole('link', { name: /^Draft/ }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/billing\\?cycle=${CYCLE}&status=draft$`));
});

test('the vendor schedules a price, removes it again, and creates a promo code', async ({ page, signInAs }) => {
  const inTwoMonths = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 2, 1)).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await signInAs(VENDOR_ADMIN);
  await page.goto('/admin/price-lists');
  await expect(page.getByRole('heading', { level: 1, name: 'Price Lists' })).toBeVisible();

  await page.getByRole('button', { name: 'Set price' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set a unit price' });
  await dialog.getByLabel('Unit price').fill('12,50 €');
  await dialog.getByLabel('Effective from').fill(inTwoMonths);
  await dialog.getByRole('button', { name: 'Save price' }).click();
  await expect(dialog.getByText('Enter an amount such as 12.50, without a currency sign.')).toBeVisible();
  await dialog.getByLabel('Unit price').fill('99.95');
  await dialog.getByRole('button', { name: 'Save price' }).click();
  await expect(dialog).toBeHidden();
  const scheduled = page.getByTestId('unit-price').filter({ hasText: '99.95 USD' });
  await expect(scheduled).toContainText('Scheduled');
  await scheduled.getByRole('button', { name: /^Remove the / }).click();
  await page.getByRole('dialog', { name: 'Remove this scheduled price?' }).getByRole('button', { name: 'Remove price' }).click();
  await expect(scheduled).toHaveCount(0);

  // The catalog offers every product and its unit types: Cloud Backup per mailbox has no price in
  // Swiss francs yet, and gets one.
  const francs = page.getByTestId('unit-price').filter({ hasText: 'Cloud Backup' }).filter({ hasText: 'mailbox' }).filter({ hasText: 'CHF' });
  await expect(francs).toHaveCount(0);
  await page.getByRole('button', { name: 'Set price' }).click();
  await dialog.getByLabel('Product').click();
  await page.getByRole('option', { name: 'Cloud Backup (BK)' }).click();
  await dialog.getByLabel('Unit type').click();
  await expect(page.getByRole('option')).toHaveText(['device', 'mailbox']);
  await page.getByRole('option', { name: 'mailbox' }).click();
  await dialog.getByLabel('Currency').click();
  await page.getByRole('option', { name: 'CHF' }).click();
  await dialog.getByLabel('Unit price').fill('0.85');
  await dialog.getByLabel('Effective from').fill(inTwoMonths);
  await dialog.getByRole('button', { name: 'Save price' }).click();
  await expect(dialog).toBeHidden();
  await expect(francs).toHaveCount(1);
  await expect(francs).toContainText('0.85 CHF');
  await expect(francs).toContainText('Scheduled');

  // Each parent account's terms: Contoso (first by name) 15 % in EUR, Northwind 20 % and 25 % on
  // Endpoint Protection, in USD.
  await expect(page.getByTestId('channel-margin').filter({ hasText: 'Default' })).toContainText('15 %');
  await expect(page.getByLabel('Billing currency', { exact: true })).toHaveText('EUR');
  await page.getByLabel('Parent account', { exact: true }).click();
  await page.getByRole('option', { name: 'Northwind Distribution' }).click();
  await expect(page).toHaveURL(/\/admin\/price-lists\?tier1=[0-9a-f-]{36}$/);
  await expect(page.getByTestId('channel-margin').filter({ hasText: 'Default' })).toContainText('20 %');
  await expect(page.getByTestId('channel-margin').filter({ hasText: 'Endpoint Protection' })).toContainText('25 %');
  await expect(page.getByLabel('Billing currency', { exact: true })).toHaveText('USD');

  await page.getByRole('button', { name: 'New promo code' }).click();
  const promo = page.getByRole('dialog', { name: 'New promo code' });
  await promo.getByLabel('Code').fill(code.toLowerCase());
  await promo.getByLabel('Highest margin (%)').fill('25');
  await promo.getByLabel('Contoso Networks').check();
  await promo.getByRole('group', { name: 'Products' }).getByRole('checkbox').first().check();
  await promo.getByLabel('Valid from').fill(today);
  await promo.getByLabel('Valid until').fill(inTwoMonths);
  await promo.getByRole('button', { name: 'Create promo code' }).click();
  await expect(promo).toBeHidden();
  const row = page.getByTestId('promo-code').filter({ hasText: code });
  await expect(row).toContainText('Margin up to 25 %');
  await expect(row).toContainText('Contoso Networks');
  await expect(row).toContainText('Valid');
});

test('a tier-1 reads its own prices and margins, and changes none', async ({ page, signInAs }) => {
  await signInAs(TIER1_BILLING);
  await page.goto('/reports/billing');
  await page.getByRole('navigation', { name: 'Billing Reports' }).getByRole('link', { name: 'Prices and margins' }).click();
  await expect(page).toHaveURL(/\/reports\/billing\/prices$/);
  await expect(page.getByTestId('billing-currency')).toContainText('Billed in EUR');
  const prices = page.getByTestId('unit-price');
  await expect(prices.first()).toContainText('EUR');
  await expect(prices.filter({ hasText: 'USD' })).toHaveCount(0);
  await expect(page.getByTestId('channel-margin').filter({ hasText: 'Default' })).toContainText('15 %');
  await expect(page.getByRole('button', { name: 'Set price' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Set margin' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Promo codes' })).toHaveCount(0);

  // Administration → Price Lists stays the vendor's.
  const response = await page.goto('/admin/price-lists');
  expect(response?.status()).toBe(403);
});
