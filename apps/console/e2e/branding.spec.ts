import { expect, test, USERS, withE2eDatabase } from './fixtures.ts';

test('an MSP administrator writes a privacy statement with a script in it, previews it without the script, publishes version 1; adds a data center and disables it', async ({
  page,
  signInAs,
}) => {
  // The test's own document: Bluefin's Italian privacy statement starts again at version 1 each run.
  await withE2eDatabase(async (sql) => {
    const owned = sql`select d.id from legal_documents d join companies c on c.id = d.company_id
      where c.account_name = 'bluefin-it' and d.kind = 'privacy' and d.language = 'it'`;
    await sql`delete from legal_acceptances where document_id in (${owned})`;
    await sql`delete from legal_documents where id in (${owned})`;
  });
  const scriptRan: string[] = [];
  page.on('dialog', async (dialog) => {
    scriptRan.push(dialog.message());
    await dialog.dismiss();
  });

  await signInAs(USERS.mspAdmin);
  await page.goto('/dashboard');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Branding Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Branding Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Legal documents' })).toHaveAttribute('aria-selected', 'true');
  // The vendor's published documents are listed, read only.
  await expect(page.getByRole('table', { name: 'Legal documents' }).getByText('Keyway Privacy Statement').first()).toBeVisible();

  await page.getByRole('button', { name: 'New document' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Language', { exact: true }).click();
  await page.getByRole('option', { name: 'Italian' }).click();
  await dialog.getByLabel('Title', { exact: true }).fill('Informativa sulla privacy di Bluefin');
  await dialog.getByLabel('Text (Markdown)').fill(
    '# Informativa\n\nTrattiamo i **dati** dei clienti.\n\n<script>window.__pwned = true; alert("x")</script>\n\n<img src="x" onerror="alert(1)">\n\n[Contatti](javascript:alert(2))',
  );
  const preview = dialog.getByTestId('legal-preview');
  await expect(preview.getByRole('heading', { name: 'Informativa' })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('dati');
  await expect(preview.locator('script, img, [onerror]')).toHaveCount(0);
  await expect(preview.locator('a[href^="javascript"]')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Version 1 is saved as a draft.')).toBeVisible();

  await expect(dialog.getByRole('heading', { name: /Informativa sulla privacy di Bluefin · version 1/ })).toBeVisible();
  await expect(dialog.getByTestId('legal-preview').locator('script, img')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Publish…' }).click();
  await expect(dialog.getByText('Publish version 1? It becomes the current Privacy statement')).toBeVisible();
  await dialog.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(page.getByText('Version 1 is published: customers accept it from now on.')).toBeVisible();
  const history = dialog.getByRole('list', { name: 'Version history' });
  await expect(history.getByRole('listitem')).toHaveCount(1);
  await expect(history.getByRole('listitem').first()).toContainText('Version 1');
  await expect(history.getByRole('listitem').first()).toContainText('Published');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const row = page.getByRole('table', { name: 'Legal documents' }).getByRole('row').filter({ hasText: 'Informativa sulla privacy di Bluefin' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Published');
  await expect(row.locator('[data-column="version"]')).toHaveText('1');
  expect(scriptRan).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();

  // Data centers: add one, then disable it.
  const code = `bf-${Date.now().toString(36)}`;
  await page.getByRole('tab', { name: 'Data centers' }).click();
  await expect(page).toHaveURL(/tab=data-centers/);
  await page.getByRole('button', { name: 'Add data center' }).click();
  const dcDialog = page.getByRole('dialog');
  await dcDialog.getByLabel('Code').fill(code);
  await dcDialog.getByLabel('Name').fill(`Bluefin Oakland ${code}`);
  await dcDialog.getByLabel('Region').fill('us');
  await dcDialog.getByLabel('Endpoint URL').fill('http://oakland.bluefin.example');
  await dcDialog.getByRole('button', { name: 'Add' }).click();
  await expect(dcDialog.getByText('The endpoint must be an https:// address.')).toBeVisible();
  await dcDialog.getByLabel('Endpoint URL').fill('https://oakland.bluefin.example');
  await dcDialog.getByRole('button', { name: 'Add' }).click();
  await expect(dcDialog).toBeHidden();

  const dcRow = page.getByRole('table', { name: 'Data centers' }).getByRole('row').filter({ hasText: code });
  await expect(dcRow).toContainText('Enabled');
  await expect(dcRow).toContainText('You');
  await dcRow.getByRole('button', { name: `Disable Bluefin Oakland ${code}` }).click();
  await expect(page.getByText(`Bluefin Oakland ${code} is disabled`)).toBeVisible();
  await expect(dcRow).toContainText('Disabled');
  // The vendor's data centers are read only.
  const vendorRow = page.getByRole('table', { name: 'Data centers' }).getByRole('row').filter({ hasText: 'us-east' });
  await expect(vendorRow).toContainText('Read only');
});
