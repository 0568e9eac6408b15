import { readFile } from 'node:fs/promises';
import { PgBoss } from 'pg-boss';
import { e2eDatabaseUrl, expect, test, USERS, withE2eDatabase } from './fixtures.ts';

/**
 * A usage report's round trip: Bluefin IT's billing manager lowers a line, comments and submits;
 * Northwind's administrator rejects it, Bluefin corrects and resubmits, Northwind approves, and
 * the approved report's CSV holds Bluefin's figures. No other spec touches Bluefin's reports.
 */
const MSP_BILLING = 'billing-manager@bluefin-it.example';
const MSP = 'bluefin-it';

/** The cycle that ended last (UTC), the one the monthly job prepares. */
const CYCLE = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

interface PreparedReport {
  id: string;
  cycle: string;
  line: { customerName: string; productCode: string; productName: string; provisioned: number };
}

/**
 * Bluefin's report of the last cycle, as the monthly job prepares it. The units its customers
 * hold today stand for one day of that cycle too (the daily units job would have recorded them
 * then), and their products reported using fewer; the `usage-reports.prepare` job then runs on
 * the e2e server's worker.
 */
async function prepareLastCycle(): Promise<PreparedReport> {
  await withE2eDatabase(async (sql) => {
    await sql`
      insert into license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
      select d.customer_id, d.channel_id, d.partner_id, d.product_id, d.unit_type, ${`${CYCLE}-15`}::date, d.units
      from license_units_daily d
      join companies msp on msp.id = d.partner_id and msp.account_name = ${MSP}
      where d.day = (select max(day) from license_units_daily where partner_id = msp.id)
      on conflict do nothing`;
    // The products reported at most 12 units fewer than were provisioned, so a line can be lowered.
    await sql`
      update usage_daily u set max_used = least(u.max_used, greatest(0, d.units - 12))
      from license_units_daily d
      join companies msp on msp.id = d.partner_id and msp.account_name = ${MSP}
      where d.day = ${`${CYCLE}-15`}::date and u.customer_id = d.customer_id and u.product_id = d.product_id
        and u.unit_type = d.unit_type and to_char(u.day, 'YYYY-MM') = ${CYCLE}`;
  });
  const boss = new PgBoss({ connectionString: e2eDatabaseUrl(), max: 1, supervise: false, schedule: false });
  await boss.start();
  try {
    await boss.send('usage-reports.prepare', { cycle: CYCLE });
  } finally {
    await boss.stop({ graceful: false });
  }
  const find = () =>
    withE2eDatabase((sql) => sql<{ id: string; status: string }[]>`
      select r.id, r.status from usage_reports r join companies c on c.id = r.company_id
      where c.account_name = ${MSP} and r.cycle = ${`${CYCLE}-01`}::date`);
  await expect.poll(async () => (await find()).length, { timeout: 20_000, message: 'the prepare job makes the report' }).toBe(1);
  const [report] = await find();
  expect(report!.status, 'the report starts as the job made it').toBe('preparing');
  const [line] = await withE2eDatabase((sql) => sql<PreparedReport['line'][]>`
    select c.name as "customerName", p.code as "productCode", p.name as "productName", l.provisioned
    from usage_report_lines l join companies c on c.id = l.company_id join products p on p.id = l.product_id
    where l.report_id = ${report!.id} and l.provisioned >= 10 and l.used <= l.provisioned - 10
    order by l.provisioned desc limit 1`);
  if (!line) throw new Error(`Bluefin's ${CYCLE} report has no line of 10 units or more to lower.`);
  return { id: report!.id, cycle: CYCLE, line };
}

test.describe.configure({ mode: 'serial' });

let report: PreparedReport;

test('the tier-1 gives its partners 28 days to submit, and the last cycle is prepared', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/reports/usage');
  await page.getByRole('navigation', { name: 'Usage Reports' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/reports\/usage\/settings$/);
  const days = page.getByLabel('Auto-submit days');
  await days.fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Auto-submit at least one day after the cycle ends.')).toBeVisible();
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await days.fill('28');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Usage report settings saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Auto-submit days')).toHaveValue('28');

  report = await prepareLastCycle();
});

test('the MSP lowers a line, must comment on it, and submits the report', async ({ page, signInAs }) => {
  const { line } = report;
  await signInAs(MSP_BILLING);
  await page.goto(`/reports/usage?cycle=${report.cycle}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Usage Reports' })).toBeVisible();
  const row = page.getByTestId('usage-report-row').first();
  await expect(row).toContainText('Preparing');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/usage/${report.id}$`));
  await expect(page.getByTestId('usage-report-status')).toHaveText('Preparing');

  const lineRow = page.getByTestId('usage-line').filter({ hasText: line.customerName }).filter({ hasText: line.productName });
  await lineRow.getByRole('button', { name: /^Edit / }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit line' });
  await dialog.getByLabel('Chargeable units').fill(String(line.provisioned - 10));
  await dialog.getByRole('button', { name: 'Save' }).click();
  // The server refuses a lower figure without a comment, beside the comment.
  await expect(dialog.getByText(/^Say why this line is charged at \d+ /)).toBeVisible();
  await expect(dialog.getByLabel(/^Comment/)).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel(/^Comment/).fill('Ten devices were retired mid-month.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(lineRow).toContainText(String(line.provisioned - 10));
  await expect(lineRow).toContainText('Differs from provisioned');
  await expect(lineRow).toContainText('Ten devices were retired mid-month.');

  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Submit this report?' });
  await confirm.getByLabel(/^Comment/).fill('Figures as agreed on the phone.');
  await confirm.getByRole('button', { name: 'Submit report' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('usage-report-status')).toHaveText('Under review');
  await expect(page.getByRole('button', { name: /^Edit / })).toHaveCount(0);
  await expect(page.getByTestId('usage-report-event').filter({ hasText: 'Submitted' })).toContainText('Figures as agreed on the phone.');
});

test('the tier-1 rejects the report with a comment', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  await page.goto(`/reports/usage?cycle=${report.cycle}&status=under_review`);
  const row = page.getByTestId('usage-report-row').filter({ hasText: 'Bluefin IT Services' });
  await expect(row).toContainText('Under review');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/reports/usage/${report.id}$`));

  await page.getByRole('button', { name: 'Reject' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reject this report?' });
  await dialog.getByRole('button', { name: 'Reject report' }).click();
  // A rejection without a reason is refused at the reason.
  await expect(dialog.getByText('Say why the report is rejected: the partner reads it.')).toBeVisible();
  await dialog.getByLabel(/^Reason/).fill('Only five devices were retired: charge the others.');
  await dialog.getByRole('button', { name: 'Reject report' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('usage-report-status')).toHaveText('Rejected');
  await expect(page.getByTestId('review-comment')).toHaveText('Only five devices were retired: charge the others.');
});

test('the MSP corrects the rejected report and submits it again', async ({ page, signInAs }) => {
  const { line } = report;
  await signInAs(MSP_BILLING);
  await page.goto(`/reports/usage/${report.id}`);
  await expect(page.getByTestId('usage-report-status')).toHaveText('Rejected');
  await expect(page.getByText('This report was rejected.')).toBeVisible();

  const lineRow = page.getByTestId('usage-line').filter({ hasText: line.customerName }).filter({ hasText: line.productName });
  await lineRow.getByRole('button', { name: /^Edit / }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit line' });
  await dialog.getByLabel('Chargeable units').fill(String(line.provisioned - 5));
  await dialog.getByLabel(/^Comment/).fill('Five devices retired, as agreed with Northwind.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(lineRow).toContainText(String(line.provisioned - 5));

  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Submit this report?' });
  await confirm.getByRole('button', { name: 'Submit report' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('usage-report-status')).toHaveText('Under review');
});

test('the tier-1 approves, and the approved report’s CSV holds the MSP’s figures', async ({ page, signInAs }) => {
  const { line } = report;
  await signInAs(USERS.tier1Admin);
  await page.goto(`/reports/usage/${report.id}`);
  await page.getByRole('button', { name: 'Approve' }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve this report?' });
  await dialog.getByRole('button', { name: 'Approve report' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('usage-report-status')).toHaveText('Approved');
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  const history = page.getByTestId('usage-report-event');
  await expect(history.filter({ hasText: 'Rejected' })).toContainText('Only five devices were retired: charge the others.');
  await expect(history.filter({ hasText: 'Line edited' }).first()).toContainText('→');

  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  const download = await downloading;
  const csv = await readFile((await download.path())!, 'utf8');
  const [header, ...rows] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  expect(header).toContain('Chargeable');
  const lineOf = rows.find((text) => text.includes(line.customerName) && text.includes('Five devices retired, as agreed with Northwind.'));
  expect(lineOf, csv).toBeDefined();
  expect(lineOf).toContain(`,${line.provisioned - 5},`);

  const status = await withE2eDatabase((sql) => sql<{ status: string }[]>`select status from usage_reports where id = ${report.id}`);
  expect(status[0]?.status).toBe('approved');

  // The dashboard counts the last cycle's reports per status and links to each filtered list.
  await page.goto('/dashboard');
  const widgets = page.getByRole('region', { name: /^Usage reports · / });
  await widgets.getByRole('link', { name: /^Approved/ }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/usage\\?cycle=${report.cycle}&status=approved$`));
  await expect(page.getByTestId('usage-report-row').filter({ hasText: 'Bluefin IT Services' })).toContainText('Approved');
  await expect(page.getByLabel('Status')).toContainText('Approved');
});

test('the month-to-date preview says how many days are left before the report auto-submits', async ({ page, signInAs }) => {
  await signInAs(MSP_BILLING);
  await page.goto('/reports/usage/preview');
  await expect(page.getByRole('heading', { level: 2, name: /so far$/ })).toBeVisible();
  await expect(page.getByTestId('auto-submit-notice')).toContainText(/auto-submits (in \d+ days?|today)/);
  await expect(page.getByRole('table', { name: /so far$/ })).toBeVisible();

  // The dashboard says the same, and links to the preview.
  await page.goto('/dashboard');
  const widget = page.getByRole('region', { name: 'Usage reports' });
  await expect(widget).toContainText(/auto-submits (in \d+ days?|today)/);
});

test('the tier-1’s billing manager looks at one MSP’s month so far', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1BillingManager);
  await page.goto('/reports/usage/preview');
  await expect(page.getByTestId('auto-submit-notice')).toContainText('unless you submit it before');
  await page.getByLabel('Whose month').click();
  await page.getByRole('option', { name: 'Bluefin IT Services' }).click();
  await expect(page).toHaveURL(/\/reports\/usage\/preview\?partner=[0-9a-f-]{36}$/);
  await expect(page.getByTestId('auto-submit-notice')).toContainText(/Bluefin IT Services’s \w+ \d{4} report auto-submits/);
  await expect(page.getByTestId('usage-line').filter({ hasText: report.line.customerName }).first()).toBeVisible();
});
