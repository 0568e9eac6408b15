import type { Locator, Page } from '@playwright/test';
import { expect, test, USERS } from './fixtures.ts';

/** The whole number a pool table cell shows ("1,380" → 1380). */
async function count(cell: Locator): Promise<number> {
  return Number((await cell.innerText()).replaceAll(',', '').trim());
}

const fullRemaining = (page: Page, code: string) => page.getByTestId(`pool-${code}`).getByTestId('full-remaining');

test('a tier-1 adds 500 units from the vendor, assigns some to an MSP from its Licenses tab and sees its remaining fall; an over-large assignment is refused with the reason', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/pool');
  await expect(page.getByRole('heading', { name: 'License Pool', level: 1 })).toBeVisible();
  const pool = page.getByRole('table', { name: 'License pool' });
  await expect(pool.getByTestId('pool-BK')).toContainText('Cloud Backup');
  const start = await count(fullRemaining(page, 'BK'));

  // Add more licenses: 500 full units from the vendor.
  await page.getByRole('button', { name: 'Add more Cloud Backup licenses' }).click();
  const addDialog = page.getByRole('dialog', { name: 'Add more Cloud Backup licenses' });
  await addDialog.getByLabel('Full', { exact: true }).check();
  await addDialog.getByRole('button', { name: 'Add 500 units' }).click();
  await expect(addDialog).toBeHidden();
  await expect(fullRemaining(page, 'BK')).toHaveText(new Intl.NumberFormat('en').format(start + 500));
  await expect(page.getByTestId('pool-BK').getByTestId('pool-status')).toHaveText('Normal');

  // The MSP's Licenses tab: assign 120 full units of Cloud Backup.
  await page.goto('/licenses/partners');
  await page.getByRole('link', { name: 'Bluefin IT Services' }).click();
  await page.getByRole('link', { name: 'Licenses', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Licenses', exact: true, level: 2 })).toBeVisible();
  const partnerBefore = await count(fullRemaining(page, 'BK'));

  await page.getByRole('button', { name: 'Assign Cloud Backup licenses' }).click();
  const assign = page.getByRole('dialog', { name: 'Assign licenses to Bluefin IT Services' });
  await expect(assign.getByTestId('assign-own-remaining')).toContainText(
    `Your pool has ${new Intl.NumberFormat('en').format(start + 500)} full`,
  );
  // Nothing to assign: the dialog stays open and says why beside the field.
  await assign.getByRole('button', { name: 'Assign licenses' }).click();
  await expect(assign.getByText('Enter trial or full units to assign.')).toBeVisible();
  await assign.getByLabel('Full units', { exact: true }).fill('120');
  await assign.getByRole('button', { name: 'Assign licenses' }).click();
  await expect(assign).toBeHidden();
  await expect(fullRemaining(page, 'BK')).toHaveText(new Intl.NumberFormat('en').format(partnerBefore + 120));

  // More than the pool holds: refused with the server's message, nothing moves.
  await page.getByRole('button', { name: 'Assign Cloud Backup licenses' }).click();
  await assign.getByLabel('Full units', { exact: true }).fill('999999');
  await assign.getByRole('button', { name: 'Assign licenses' }).click();
  await expect(assign.getByTestId('dialog-error')).toHaveText(
    `Northwind Distribution has ${new Intl.NumberFormat('en').format(start + 500 - 120).replaceAll(',', '')} full Cloud Backup units left; 999999 were asked for.`,
  );
  await assign.getByRole('button', { name: 'Cancel' }).click();
  await expect(fullRemaining(page, 'BK')).toHaveText(new Intl.NumberFormat('en').format(partnerBefore + 120));

  // Back on the License Pool page the tier-1's remaining fell by what it assigned.
  await page.goto('/licenses/pool');
  await expect(fullRemaining(page, 'BK')).toHaveText(new Intl.NumberFormat('en').format(start + 500 - 120));
});
