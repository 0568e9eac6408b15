import { USERS, expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

/**
 * The dashboard per demo role: each sees the widgets its privileges allow, with the demo's figures.
 * The demo's license history is rebuilt from its licenses' dates; Sequoia Law Partners (Bluefin IT
 * Services, Northwind's channel) holds a license expiring within the next 30 days.
 */

const SUPPORT_ENGINEER = 'support-engineer@northwind-distribution.example';
const VENDOR_ADMIN = 'admin@keyway.example';

const widget = (page: Page, heading: string | RegExp) => page.getByRole('region', { name: heading });

/** The chart is named, and its figures table holds the same figures the chart labels at its end. */
async function expectLicenseChart(page: Page) {
  const section = widget(page, 'License status over time');
  await expect(section.getByRole('img', { name: 'License status over the last 13 weeks' })).toBeVisible();
  await section.getByText('Figures of the chart').click();
  const table = section.getByRole('table', { name: 'Licenses by status per week' });
  await expect(table.getByRole('row')).toHaveCount(14);
  const last = table.getByRole('row').last().getByRole('cell');
  const figures = await last.allInnerTexts();
  const chart = section.getByRole('img', { name: 'License status over the last 13 weeks' });
  for (const [index, label] of ['Active', 'Trial', 'Expiring soon', 'Expired'].entries()) {
    await expect(chart.getByText(`${label} ${figures[index + 1]}`, { exact: true })).toBeAttached();
  }
  return figures;
}

test('a tier-1 administrator sees its channel: license history, what expires, its pool against the minimum, counts that link', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/dashboard');

  const figures = await expectLicenseChart(page);
  // Northwind's channel has licenses in the demo: the latest week is not all zero.
  expect(figures.slice(1).some((figure) => figure !== '0')).toBe(true);

  await expect(widget(page, 'License pool: remaining vs minimum').getByTestId('pool-level').first()).toContainText('full units remaining');
  await expect(widget(page, 'Pending license requests')).toBeVisible();
  await expect(widget(page, 'Key batches')).toBeVisible();
  await expect(widget(page, 'Customers').getByRole('link', { name: /Total/ })).toHaveAttribute('href', /\/licenses\/customers$/);

  const expiring = widget(page, 'Expiring in the next 30 days');
  await expect(expiring.getByTestId('expiring-total')).toContainText('in the next 30 days');
  await expiring.getByRole('link', { name: 'Sequoia Law Partners' }).first().click();
  await expect(page).toHaveURL(/\/licenses\/customers\/[0-9a-f-]{36}\/licenses$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sequoia Law Partners' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Endpoint Protection');
});

test("an MSP administrator sees its own customers' licenses, its pool and its own requests, and no partner counts", async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/dashboard');

  await expectLicenseChart(page);
  await expect(widget(page, 'Expiring in the next 30 days').getByRole('link', { name: 'Sequoia Law Partners' }).first()).toBeVisible();
  await expect(widget(page, 'Expiring in the next 30 days')).not.toContainText('Globex Logistics');
  await expect(widget(page, 'License pool: remaining vs minimum').getByTestId('pool-level').first()).toBeVisible();
  await expect(widget(page, 'Pending license requests')).toBeVisible();
  await expect(widget(page, 'Partners')).toHaveCount(0);
});

test('a reseller administrator sees its license figures and key batches, but no pool (resellers hold none)', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.resellerAdmin);
  await page.goto('/dashboard');

  await expectLicenseChart(page);
  await expect(widget(page, 'Expiring in the next 30 days')).toBeVisible();
  await expect(widget(page, 'Key batches')).toBeVisible();
  await expect(widget(page, 'License pool: remaining vs minimum')).toHaveCount(0);
  await expect(widget(page, 'Pending license requests')).toHaveCount(0);
});

test('a support engineer sees the license figures and reports, names without links to pages it cannot open', async ({
  page,
  signInAs,
}) => {
  await signInAs(SUPPORT_ENGINEER);
  await page.goto('/dashboard');

  await expectLicenseChart(page);
  const expiring = widget(page, 'Expiring in the next 30 days');
  await expect(expiring.getByText('Sequoia Law Partners').first()).toBeVisible();
  await expect(expiring.getByRole('link')).toHaveCount(0);
  await expect(widget(page, /^Usage reports/)).toBeVisible();
  await expect(widget(page, 'License pool: remaining vs minimum')).toHaveCount(0);
  await expect(widget(page, 'Customers')).toHaveCount(0);
  await expect(page.getByText('Nothing on the dashboard is available to your role yet.')).toHaveCount(0);
});

test('a billing manager sees the license figures next to usage and billing reports', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1BillingManager);
  await page.goto('/dashboard');

  await expectLicenseChart(page);
  await expect(widget(page, 'Expiring in the next 30 days').getByText('Sequoia Law Partners').first()).toBeVisible();
  await expect(widget(page, /^Usage reports/)).toBeVisible();
  await expect(widget(page, /^Billing reports/)).toBeVisible();
  await expect(widget(page, 'Key batches')).toHaveCount(0);
});

test('the vendor administrator sees its tier-1s and its billing intake, and no channel license figures', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  await page.goto('/dashboard');

  const partners = widget(page, 'Partners');
  await expect(partners.getByRole('link', { name: /Total/ })).toHaveAttribute('href', /\/licenses\/partners$/);
  await expect(partners.getByRole('link', { name: /Active/ })).toContainText(/[1-9]/);
  await expect(widget(page, /^Billing reports/)).toBeVisible();
  await expect(widget(page, 'License status over time')).toHaveCount(0);
  await expect(page.getByText('Nothing on the dashboard is available to your role yet.')).toHaveCount(0);
});
