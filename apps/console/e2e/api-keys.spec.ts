import { expect, test } from './fixtures.ts';

/** Summit Managed Services (Contoso's channel) is this spec's company; no other spec makes its API keys. */
const ADMIN = 'admin@summit-msp.example';

test('an administrator creates an API key, reports usage with it, revokes it, and the key stops working', async ({ page, request, signInAs }) => {
  await signInAs(ADMIN);
  await page.goto('/admin/company');
  await page.getByRole('navigation', { name: 'Company Information' }).getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/admin\/company\/api-keys$/);
  await expect(page.getByRole('heading', { level: 2, name: 'API keys' })).toBeVisible();

  const name = `Mail gateway ${Date.now()}`;
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel('Name').fill(name);
  await expect(dialog.getByLabel(/Report usage/)).toBeChecked();
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const shown = page.getByRole('dialog', { name: 'API key created' });
  await expect(shown.getByText('Copy the key now: it is shown only this once.')).toBeVisible();
  const key = await shown.getByLabel('API key').inputValue();
  expect(key).toMatch(/^kw_[a-z0-9]{10}_[a-z0-9]{52}$/);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();

  // Listed by its prefix only: the secret is never shown again.
  const row = page.getByTestId('api-key-row').filter({ hasText: name });
  await expect(row).toContainText(key.split('_').slice(0, 2).join('_'));
  await expect(row).toContainText('Active');
  // A secondary column: hidden on narrower windows, there to read either way.
  const lastUsed = row.locator('[data-column="lastUsedAt"]');
  await expect(lastUsed).toHaveText('Never');
  await expect(page.getByText(key)).toHaveCount(0);

  const report = () =>
    request.post('/api/v1/usage', {
      headers: { Authorization: `Bearer ${key}` },
      data: { records: [{ customer: 'globex', product: 'CE', unitType: 'mailbox', used: 27, at: new Date().toISOString() }] },
    });
  const accepted = await report();
  expect(accepted.status()).toBe(200);
  expect(await accepted.json()).toEqual({ accepted: 1, rejected: [] });

  await page.reload();
  await expect(lastUsed).not.toHaveText('Never');
  await row.getByRole('button', { name: /Revoke/ }).click();
  const confirm = page.getByRole('dialog', { name: `Revoke the API key “${name}”?` });
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);

  const refused = await report();
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toContain('was revoked on');
});
