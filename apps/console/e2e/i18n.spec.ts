import { expect, test, withE2eDatabase } from './fixtures.ts';

/** The demo's German-speaking user (Account Information → Language: Deutsch). */
const GERMAN_USER = 'customer-account-manager@contoso-networks.example';

/** "4. Dez. 2026", "12. Mai 2027": a day as German pages write it. */
const GERMAN_DAY = /^\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}$/;

test('a German-speaking user works with customers and their licenses in German, and the customer is mailed in German', async ({
  page,
  signInAs,
}) => {
  test.slow();
  await signInAs(GERMAN_USER);
  await page.goto('/licenses/customers');

  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Kunden' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Kontoinformationen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Abmelden' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Kontoname' })).toBeVisible();
  await expect(page.getByTestId('customers-count')).toHaveText(/^\d+ von \d+ Kunden angezeigt$/);
  const created = page.getByRole('row').nth(1).getByRole('cell').last();
  await expect(created).toHaveText(GERMAN_DAY);

  await page.getByLabel('Name, Kontoname oder E-Mail').fill('alpenblick');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await page.getByRole('link', { name: 'Alpenblick Hotels' }).click();
  await page.getByRole('navigation', { name: 'Kunde' }).getByRole('link', { name: 'Lizenzen' }).click();
  await expect(page).toHaveURL(/\/licenses$/);

  // The seeded license: its dates and status in German.
  const seeded = page.getByTestId('license-row').filter({ hasText: 'Endpoint Protection Annual' });
  await expect(seeded.getByTestId('license-starts')).toHaveText(GERMAN_DAY);
  await expect(seeded.getByTestId('license-status')).toHaveText(/^(Aktiv|Läuft bald ab)$/);
  await expect(seeded).toContainText('Alle 12 Monate');

  await page.getByRole('button', { name: 'Pläne zuweisen' }).click();
  const assign = page.getByRole('dialog', { name: 'Servicepläne zuweisen' });
  await assign.getByLabel('Serviceplan').click();
  // Contoso's pool holds thousands of units: German groups them with a dot.
  const option = page.getByRole('option', { name: /^Cloud Email Security — Email Security Annual \(Voll, \d{1,3}\.\d{3} Einheiten übrig\)$/ });
  await expect(option).toBeVisible();
  await option.click();
  await expect(assign).toContainText('12 Monate · Einheiten: mailbox');
  // The date input is the browser's own; beside it the chosen day reads in the user's language.
  await expect(assign.getByTestId('assign-start-reads')).toHaveText(/^Entspricht \d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}$/);
  await assign.getByLabel('Einheiten').fill('1234');
  await assign.getByRole('button', { name: 'Zuweisen' }).click();
  await expect(assign).toBeHidden();
  await expect(page.getByText('Lizenz zugewiesen.')).toBeVisible();

  const added = page.getByTestId('license-row').filter({ hasText: 'Email Security Annual' });
  await expect(added).toContainText('1.234 mailbox');
  await expect(added.getByTestId('license-status')).toHaveText('Aktiv');
  await expect(added).toContainText('Voll');

  await added.getByRole('button', { name: 'Ändern' }).click();
  const modify = page.getByRole('dialog', { name: 'Lizenz ändern' });
  await expect(modify.getByLabel('Ablaufdatum')).toBeVisible();
  await expect(modify.getByTestId('modify-expires-reads')).toHaveText(/^Entspricht \d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}$/);
  await modify.getByRole('button', { name: 'Abbrechen' }).click();

  await added.getByRole('button', { name: 'Einstellen' }).click();
  const discontinue = page.getByRole('dialog', { name: 'Lizenz einstellen?' });
  await expect(discontinue).toContainText('die 1.234 Einheiten gehen zurück in den Lizenzpool');
  await discontinue.getByRole('button', { name: 'Abbrechen' }).click();

  // Alpenblick Hotels is a German company: its contact reads the license-added mail in German.
  const [mail] = await withE2eDatabase(
    (sql) => sql<{ language: string; subject: string; text: string }[]>`
      select language, subject, text from email_messages
      where recipient_email = 'admin@alpenblick-hotels.example' and event = 'license-added'
      order by created_at desc limit 1`,
  );
  expect(mail).toMatchObject({ language: 'de', subject: 'Ihre Cloud Email Security-Lizenz ist bereit' });
  expect(mail!.text).toContain('Sie umfasst 1.234 mailbox ab dem');
  expect(mail!.text).toContain('Einheiten');
});

test('signed out, the pages follow the browser’s language', async ({ browser }) => {
  for (const [locale, lang, heading] of [
    ['de-DE', 'de', 'Anmelden'],
    ['en-US', 'en', 'Sign in'],
  ] as const) {
    const context = await browser.newContext({ locale });
    try {
      const page = await context.newPage();
      await page.goto('/sign-in');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    } finally {
      await context.close();
    }
  }
});
