import { readFile } from 'node:fs/promises';
import { USERS, expect, test } from './fixtures.ts';

test('an MSP generates 1,000 keys from a plan, watches them become Ready, exports them, voids one and finds it by its beginning', async ({ page, signInAs }) => {
  test.setTimeout(90_000);
  await signInAs(USERS.mspAdmin);

  // "Generate registration keys" on a service plan opens the form with that plan chosen.
  await page.goto('/licenses/service-plans');
  const generateLink = page.getByRole('link', { name: /^Generate registration keys for / }).first();
  const planName = (await generateLink.getAttribute('aria-label'))!.replace('Generate registration keys for ', '');
  await generateLink.click();
  await expect(page).toHaveURL(/\/licenses\/registration-keys\?generate=/);
  const dialog = page.getByRole('dialog', { name: 'Generate registration keys' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Service plan')).toContainText(planName);
  await dialog.getByLabel('Number of keys').fill('1000');
  await dialog.getByLabel('Note (optional)').fill('Trade show giveaway');
  await dialog.getByRole('button', { name: 'Generate keys' }).click();

  // The batch page follows the generation until every key is written.
  await expect(page).toHaveURL(/\/licenses\/registration-keys\/batches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: `1,000 keys for ${planName}` })).toBeVisible();
  await expect(page.getByTestId('batch-status')).toHaveText('Ready', { timeout: 30_000 });
  const progress = page.getByRole('progressbar', { name: 'Keys generated' });
  await expect(progress).toHaveAttribute('aria-valuenow', '1000');
  await expect(progress).toHaveAttribute('aria-valuemax', '1000');

  // The export holds the 1,000 keys in their printed form.
  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^registration-keys-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^Registration key,Status,/);
  const keys = lines.slice(1).map((line) => line.split(',')[0]!);
  expect(keys).toHaveLength(1000);
  for (const key of keys) expect(key).toMatch(/^[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  expect(new Set(keys).size).toBe(1000);

  // Void one of them with a reason.
  await page.getByRole('link', { name: 'View keys' }).click();
  await expect(page).toHaveURL(/\/licenses\/registration-keys\?batch=/);
  await expect(page.getByTestId('keys-count')).toHaveText('Showing 50 of 1,000');
  const row = page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: /^Select [A-Z]{2}-/ }) }).first();
  const key = (await row.getByRole('link').first().textContent())!.trim();
  await row.getByRole('checkbox').click();
  await page.getByRole('button', { name: 'Void 1' }).click();
  const voidDialog = page.getByRole('dialog', { name: 'Void 1 key?' });
  await voidDialog.getByLabel('Reason').fill('Printed on a damaged card');
  await voidDialog.getByRole('button', { name: 'Void key' }).click();
  await expect(voidDialog).toBeHidden();
  const voided = page.getByRole('row').filter({ hasText: key });
  await expect(voided.getByText('Voided', { exact: true })).toBeVisible();

  // Its detail says why.
  await voided.getByRole('link', { name: key }).click();
  const detail = page.getByRole('dialog', { name: 'Registration key' });
  await expect(detail).toContainText('Printed on a damaged card');
  await expect(detail).toContainText('Trade show giveaway');

  // Typed from its beginning as printed, in any case, the key is found among the batch's 1,000.
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  const search = page.getByRole('searchbox', { name: 'Key' });
  await search.fill(key.slice(0, 9).toLowerCase());
  await search.press('Enter');
  await expect(page.getByTestId('keys-count')).toHaveText('Showing 1 of 1');
  await expect(page.getByRole('row').filter({ hasText: key })).toBeVisible();
});
