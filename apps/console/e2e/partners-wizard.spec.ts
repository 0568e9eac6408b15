import type { Page } from '@playwright/test';
import { expect, test, USERS } from './fixtures.ts';

async function chooseOption(page: Page, label: string, option: string | RegExp) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option }).click();
}

// The name sorts before Harbor Resellers, which partners.spec.ts expects first in the list sorted by name descending.
test('a tier-1 creates a reseller with its first licenses and a service plan, and finds them on its tabs', async ({ page, signInAs }) => {
  const suffix = Date.now().toString(36);
  const partner = { name: `Dockside Resellers ${suffix}`, accountName: `dockside-${suffix}` };
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/partners/new');

  await page.getByLabel('Company name').fill(partner.name);
  await page.getByLabel('Account name').fill(partner.accountName);
  await page.getByLabel('Contact email', { exact: true }).fill(`hello@${partner.accountName}.example`);
  await chooseOption(page, 'Country', 'Canada');
  await chooseOption(page, 'Time zone', 'America/Toronto');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Reseller', { exact: true }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Administrator name').fill('Lena Dockside');
  await page.getByLabel('Administrator email').fill(`lena@${partner.accountName}.example`);
  await page.getByRole('button', { name: 'Next' }).click();

  // Licenses: a line is checked before the step is left, and the pool's remaining units shown.
  await expect(page.getByRole('heading', { name: 'Step 4 of 6: Licenses' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a product' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Choose a product.')).toBeVisible();
  await expect(page.getByText('Enter trial or full units for this product.')).toBeVisible();
  await chooseOption(page, 'Product', /^Server Security \([\d,]+ full, [\d,]+ trial left\)$/);
  await expect(page.getByTestId('initial-license-remaining')).toHaveText(/^Your pool has [\d,]+ full and [\d,]+ trial units left\.$/);
  await page.getByLabel('Full units').fill('10');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'Step 5 of 6: Service plans' })).toBeVisible();
  await page.getByLabel('Server Security Annual').check();
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'Step 6 of 6: Review' })).toBeVisible();
  await expect(page.getByTestId('review-licenses')).toContainText('Server Security');
  await expect(page.getByTestId('review-licenses')).toContainText('10 full · 0 trial');
  await expect(page.getByTestId('review-plans')).toContainText('Server Security Annual');
  await page.getByRole('button', { name: 'Create partner' }).click();

  await expect(page).toHaveURL(/\/licenses\/partners\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`${partner.name} is created with licenses of 1 product and 1 service plan.`)).toBeVisible();

  await page.getByRole('navigation', { name: 'Partner' }).getByRole('link', { name: 'Licenses' }).click();
  const line = page.getByTestId('pool-SS');
  await expect(line.getByTestId('full-remaining')).toHaveText('10');
  await expect(line.getByTestId('trial-remaining')).toHaveText('0');

  await page.getByRole('navigation', { name: 'Partner' }).getByRole('link', { name: 'Service Plans' }).click();
  await expect(page.getByTestId('reseller-plan-row')).toHaveCount(1);
  await expect(page.getByTestId('reseller-plan-row')).toContainText('Server Security Annual');
});
