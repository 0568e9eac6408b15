import { USERS, expect, test } from './fixtures.ts';

/** The demo's German-speaking user (Account Information → Language: Deutsch). */
const GERMAN_USER = 'customer-account-manager@contoso-networks.example';

/** "7. Dez. 2026, 20:45": a moment as German pages write it. */
const GERMAN_MOMENT = /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}, \d{2}:\d{2}$/;

test('Administration speaks German to a German-speaking user: own account, transactions, and an administrator’s pages', async ({ page, signInAs }) => {
  test.slow();
  await signInAs(GERMAN_USER);

  await page.goto('/admin/account');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Kontoinformationen' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Passwort ändern' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Sitzungen' })).toBeVisible();
  const sessions = page.getByRole('table', { name: 'Ihre Sitzungen' });
  await expect(sessions.getByRole('columnheader', { name: 'Zuletzt aktiv' })).toBeVisible();
  const current = sessions.getByRole('row').filter({ hasText: 'Diese Sitzung' });
  await expect(current.getByRole('cell').nth(2)).toHaveText(GERMAN_MOMENT);
  await expect(current.getByRole('button', { name: 'Sitzung beenden: diese, und abmelden' })).toBeVisible();

  await page.goto('/admin/transactions');
  await expect(page.getByRole('heading', { level: 1, name: 'Kundentransaktionen' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Änderung' })).toBeVisible();
  await expect(page.getByTestId('transaction-row').first().getByRole('cell').first()).toHaveText(GERMAN_MOMENT);
  await expect(page.getByTestId('transactions-count')).toHaveText(/^\d+ von \d+ Transaktionen angezeigt$/);

  // The rest of Administration is the Administrator's: Contoso's, in German for this test.
  await signInAs(USERS.otherTier1Admin, { language: 'de' });
  await page.goto('/admin/company');
  await expect(page.getByRole('heading', { level: 1, name: 'Unternehmensinformationen' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'API-Schlüssel' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Konten' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Neues Konto' })).toBeVisible();

  await page.goto('/admin/branding');
  await expect(page.getByRole('heading', { level: 1, name: 'Branding-Einstellungen' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Rechtliche Dokumente' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Neues Dokument' })).toBeVisible();

  await page.goto('/admin/email-notifications/templates');
  await expect(page.getByRole('heading', { level: 1, name: 'E-Mail-Benachrichtigungen' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Vorlagen' })).toBeVisible();
  await page.getByRole('link', { name: 'Gesendete E-Mails' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Gesendete E-Mails' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Filter anwenden' })).toBeVisible();
});
