import { expect, test } from './fixtures.ts';

/**
 * The German demo user (a customer account manager) opens no reports, so this spec lends German
 * to Contoso Networks' administrator (a German tier-1) for its length and gives the language back
 * after. Alpenblick Hotels is a German customer: its administrator reads the portal in German.
 */
const REPORTS_USER = 'admin@contoso-networks.example';
const PORTAL_USER = 'admin@alpenblick-hotels.example';

/** "4. Dez. 2026", "12. Mai 2027": a day as German pages write it. */
const GERMAN_DAY = /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}$/;

test('a German-speaking tier-1 reads its usage and billing reports in German, and a German customer its portal', async ({ page, signInAs }) => {
  await signInAs(REPORTS_USER, { language: 'de' });
  await page.goto('/reports/usage');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Nutzungsberichte' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Nutzungsberichte' }).getByRole('link', { name: 'Laufender Monat' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Zeitraum' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Abrechenbare Einheiten der letzten 12 Zeiträume' })).toBeVisible();
  const row = page.getByTestId('usage-report-row').first();
  await expect(row.getByTestId('usage-report-status')).toHaveText(/^(In Vorbereitung|In Prüfung|Genehmigt|Abgelehnt|Abgeschlossen)$/);

  await row.getByRole('link').first().click();
  await expect(page.getByRole('link', { name: 'Alle Nutzungsberichte' })).toBeVisible();
  const due = page.locator('dt', { hasText: /^Fällig$/ }).locator('xpath=following-sibling::dd[1]');
  await expect(due).toHaveText(GERMAN_DAY);
  await expect(page.getByRole('heading', { level: 2, name: 'Verlauf' })).toBeVisible();
  await expect(page.getByTestId('usage-report-event').first()).toContainText(/(von|vom System)/);

  await page.goto('/reports/billing');
  await expect(page.getByRole('heading', { level: 1, name: 'Abrechnungsberichte' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Währung' })).toBeVisible();
  // Contoso is billed in euros: German writes the cents after a comma.
  await expect(page.getByTestId('billing-totals')).toContainText(/\d,\d{2} EUR/);
  await page.getByRole('navigation', { name: 'Abrechnungsberichte' }).getByRole('link', { name: 'Preise und Margen' }).click();
  await expect(page).toHaveURL(/\/reports\/billing\/prices$/);
  await expect(page.getByText(/^\d{1,3}(\.\d{3})*,\d{2} EUR$/).first()).toBeVisible();

  await page.context().clearCookies();
  await signInAs(PORTAL_USER);
  await page.goto('/portal');
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Produkte' })).toBeVisible();
  await page.getByRole('button', { name: 'Schlüssel registrieren' }).click();
  await expect(page.getByRole('list', { name: 'Schritte' })).toContainText('Dokumente');
  await expect(page.getByLabel('Registrierungsschlüssel')).toBeVisible();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByText('Geben Sie den Registrierungsschlüssel ein, den Sie erhalten haben.')).toBeVisible();
});
