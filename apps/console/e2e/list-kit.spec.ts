import type { Page } from '@playwright/test';
import { USERS, expect, test } from './fixtures.ts';

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('back and forward restore a filtered, sorted list from its address', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1CustomerManager);
  await page.goto('/licenses/customers');
  const table = page.getByRole('table');
  const status = page.getByLabel('Status', { exact: true });
  const partner = page.getByLabel('Partner', { exact: true });

  await chooseOption(page, 'Status', 'Disabled');
  await expect(page).toHaveURL(/\/licenses\/customers\?status=disabled$/);
  await page.getByLabel('Partner').click();
  await page.getByRole('option', { name: 'Managed directly' }).click();
  await expect(page).toHaveURL(/\?status=disabled&partner=direct$/);
  await page.getByRole('link', { name: 'Created' }).click();
  await expect(page).toHaveURL(/\?status=disabled&partner=direct&sort=createdAt$/);
  await expect(table.getByRole('link', { name: 'Cascade School District' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Created', exact: true })).toHaveAttribute('aria-sort', 'ascending');

  // Each step back shows the list as it was at that address, filters and all.
  await page.goBack();
  await expect(page).toHaveURL(/\?status=disabled&partner=direct$/);
  await expect(table.getByRole('columnheader', { name: 'Name', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await page.goBack();
  await expect(page).toHaveURL(/\?status=disabled$/);
  await expect(partner).toHaveText('All customers');
  await expect(status).toHaveText('Disabled');
  await page.goBack();
  await expect(page).toHaveURL(/\/licenses\/customers$/);
  await expect(status).toHaveText('All statuses');
  await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);

  await page.goForward();
  await expect(page).toHaveURL(/\?status=disabled$/);
  await expect(status).toHaveText('Disabled');
  await expect(table.getByRole('link', { name: 'Cascade School District' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear filters' })).toBeVisible();

  // A reload of the address is the same list.
  await page.goForward();
  await page.reload();
  await expect(status).toHaveText('Disabled');
  await expect(partner).toHaveText('Managed directly');
  await expect(page.getByTestId('customers-count')).toContainText('Showing');
});

test('the arrow keys move between a list’s rows and Enter opens one', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1CustomerManager);
  await page.goto('/licenses/customers');
  const rows = page.getByRole('table').getByRole('row');
  const body = rows.filter({ has: page.getByRole('cell') });
  await expect(body.nth(2)).toBeVisible();

  await body.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(body.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(body.nth(2)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(body.nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(body.last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(body.first()).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(body.first()).toBeFocused();

  await page.keyboard.press('ArrowDown');
  const name = (await body.nth(1).getByRole('link').first().textContent())!.trim();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page).toHaveURL(/\/licenses\/customers\/[0-9a-f-]{36}$/);
});
