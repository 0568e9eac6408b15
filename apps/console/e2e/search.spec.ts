import { USERS, expect, signInThroughApi, test, waitingForHydration } from './fixtures.ts';

test('a tier-1 administrator finds a customer of its channel and opens its profile', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/dashboard');

  // A substring of the name, in another case.
  await page.getByRole('searchbox', { name: 'Search customers and partners' }).fill('aCmE dEnT');
  const results = page.getByRole('table');
  const link = results.getByRole('link', { name: 'Acme Dental Group' });
  await expect(link).toBeVisible();
  const row = results
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: 'Acme Dental Group' }) });
  await expect(row).toContainText('acme-dental');
  await expect(row).toContainText('Customer');
  await expect(row).toContainText('Enabled');
  await expect(row).toContainText('Bluefin IT Services');
  await expect(page.getByTestId('search-total')).toHaveText('1 result for “aCmE dEnT”');
  // The search is in the address, so it can be shared.
  await expect(page).toHaveURL(/\/dashboard\?q=aCmE\+dEnT$/);

  await link.click();
  await expect(page).toHaveURL(/\/licenses\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Acme Dental Group' })).toBeVisible();
  await expect(page.getByText('acme-dental').first()).toBeVisible();
  await expect(page.getByText('Bluefin IT Services')).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }),
  ).toHaveAttribute('aria-current', 'page');
});

test('a search in the address is answered by the server', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1CustomerManager);
  await page.goto('/dashboard?q=acme');

  await expect(page.getByRole('searchbox', { name: 'Search customers and partners' })).toHaveValue(
    'acme',
  );
  await expect(page.getByRole('table').getByRole('link', { name: 'Acme Dental Group' })).toBeVisible();
});

test("a customer of the other channel is neither found nor opened", async ({
  page,
  signInAs,
  browser,
  baseURL,
}) => {
  // Contoso's administrator finds Globex in its own channel and gives us its address.
  const contoso = await browser.newContext({ baseURL });
  const contosoPage = waitingForHydration(await contoso.newPage());
  await signInThroughApi(contosoPage.request, baseURL!, USERS.otherTier1Admin);
  await contosoPage.goto('/dashboard?q=Globex');
  const globex = contosoPage.getByRole('table').getByRole('link', { name: 'Globex Logistics' });
  await expect(globex).toBeVisible();
  await globex.click();
  await expect(contosoPage).toHaveURL(/\/licenses\/customers\/[0-9a-f-]{36}$/);
  const globexPath = new URL(contosoPage.url()).pathname;
  await contoso.close();

  // Northwind's administrator searches for it by name: nothing.
  await signInAs(USERS.tier1Admin);
  await page.goto('/dashboard');
  await page.getByRole('searchbox', { name: 'Search customers and partners' }).fill('Globex');
  await expect(page.getByText('No customers or partners match “Globex”.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);

  // And opening its page directly answers "not found", revealing nothing about it.
  const response = await page.goto(globexPath);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  await expect(page.getByText('This customer was not found.', { exact: false })).toBeVisible();
  await expect(page.getByText('Globex')).toHaveCount(0);
});
