import { expect, test } from './fixtures.ts';

/*
 * Users & Licenses and the dashboard in German. The demo's German user (a customer account
 * manager) opens neither the pool, the plans nor the partners, so the spec gives two of Contoso's
 * staff German for its run (`signInAs(…, { language })`), which gives them their own language back
 * at the end. No other spec signs in as them.
 */
const LICENSE_MANAGER = 'license-manager@contoso-networks.example';
const PARTNER_MANAGER = 'partner-account-manager@contoso-networks.example';

/** "4. Dez. 2026", "12. Mai 2027": a day as German pages write it. */
const GERMAN_DAY = /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}$/;
/** "4. Dez.", "12. Mai": a chart's day without its year. */
const GERMAN_DAY_MONTH = /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.?$/;

test('the dashboard, the pool, keys, plans and partners read in German', async ({ page, signInAs }) => {
  test.slow();
  await signInAs(LICENSE_MANAGER, { language: 'de' });

  await page.goto('/dashboard');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  for (const heading of ['Lizenzstatus im Zeitverlauf', 'Lizenzpool: verbleibend gegenüber Minimum', 'Offene Lizenzanfragen', 'Schlüsselstapel']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.getByRole('heading', { level: 2, name: /^Ablauf in den nächsten \d+ Tagen$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Pool öffnen' })).toBeVisible();
  // The chart's days and its legend, drawn on the server, in the reader's language.
  const chart = page.locator('figure[aria-labelledby="license-history-chart-caption"]');
  await expect(chart.getByRole('list', { name: 'Legende' })).toContainText('Läuft bald ab');
  await chart.getByText('Zahlen des Diagramms').click();
  await expect(chart.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(GERMAN_DAY_MONTH);

  await page.goto('/licenses/pool');
  await expect(page.getByRole('heading', { level: 1, name: 'Lizenzpool' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Bestand', exact: true })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Voll verbleibend' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Anfragen Ihrer Partner/ })).toBeVisible();
  // Contoso holds thousands of units: German groups them with a dot.
  await expect(page.getByTestId('full-remaining').filter({ hasText: /^\d{1,3}(\.\d{3})+$/ }).first()).toBeVisible();

  await page.goto('/licenses/registration-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'Registrierungsschlüssel' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Stapel', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Schlüssel erzeugen' })).toBeVisible();
  // Contoso has generated no keys: both lists say so.
  await expect(page.getByText('Noch keine Schlüssel erzeugt.')).toBeVisible();
  await expect(page.getByText('Sie haben noch keine Registrierungsschlüssel.')).toBeVisible();

  await page.goto('/licenses/service-plans');
  await expect(page.getByRole('heading', { level: 1, name: 'Servicepläne' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Neuer Plan' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Aktionen' })).toBeVisible();
  const plan = page.getByTestId('plan-row').filter({ hasText: 'Email Security Annual' });
  await expect(plan).toContainText('Zugewiesen an 1 Wiederverkäufer');
  await expect(plan).toContainText('1 mailbox pro Lizenz');
  await expect(plan.getByRole('button', { name: 'Email Security Annual deaktivieren' })).toBeVisible();

  await signInAs(PARTNER_MANAGER, { language: 'de' });
  await page.goto('/licenses/partners');
  await expect(page.getByRole('heading', { level: 1, name: 'Partner' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Partner anlegen' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Erstellt' })).toBeVisible();
  await expect(page.getByRole('row').nth(1).getByRole('cell').last()).toHaveText(GERMAN_DAY);
  await page.getByRole('row').nth(1).getByRole('link').first().click();
  await expect(page.getByRole('navigation', { name: 'Partner', exact: true }).getByRole('link', { name: 'Profil' })).toBeVisible();

  // The wizard's country picker names the countries in German.
  await page.goto('/licenses/partners/new');
  await expect(page.getByRole('heading', { level: 2, name: /^Schritt 1 von \d: Unternehmensprofil$/ })).toBeVisible();
  await page.getByLabel('Land', { exact: true }).click();
  await expect(page.getByRole('option', { name: 'Deutschland', exact: true })).toBeVisible();
});
