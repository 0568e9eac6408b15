import type { Locator } from '@playwright/test';
import { DEMO_PASSWORD, ensureRegistrationKeys, expect, signInThroughApi, test, USERS, withE2eDatabase } from './fixtures.ts';

const VENDOR_ADMIN = 'admin@keyway.example';

/** The element's box, which must be on screen. */
async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, 'the element has a box on screen').not.toBeNull();
  return found!;
}

test('the sign-in address on a customer’s profile opens a sign-in page where the customer’s users sign in', async ({
  page,
  signInAs,
  browser,
}) => {
  // Two browser contexts, a profile and a sign-in: more than the usual share of a busy machine.
  test.slow();
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/customers');
  await page.getByRole('table').getByRole('link', { name: 'Acme Dental Group' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Acme Dental Group' })).toBeVisible();
  const address = await page.getByLabel('Sign-in URL').inputValue();
  expect(address).toMatch(/\/sign-in\/northwind-distribution\/acme-dental$/);

  // Someone signed out follows the address they were sent.
  const visitor = await browser.newContext();
  try {
    const customerPage = await visitor.newPage();
    const response = await customerPage.goto(address);
    expect(response?.status()).toBe(200);
    await customerPage.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await expect(customerPage.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
    await customerPage.getByLabel('Email').fill('admin@acme-dental.example');
    await customerPage.getByLabel('Password').fill(DEMO_PASSWORD);
    await customerPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(customerPage).toHaveURL(/\/portal/);
  } finally {
    await visitor.close();
  }
});

test('the vendor’s partner widgets count what their links list, and each tier-1 shows its whole channel’s customers', async ({
  page,
  signInAs,
}) => {
  await signInAs(VENDOR_ADMIN);
  await page.goto('/dashboard');
  const widgets = page.getByRole('region', { name: 'Partners' });
  const active = widgets.getByRole('link', { name: /Active/ });
  const counted = Number((await active.innerText()).match(/\d+/)![0]);
  await active.click();
  await expect(page).toHaveURL(/\/licenses\/partners\?status=active/);
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(counted + 1);

  const [channel] = await withE2eDatabase(
    (sql) => sql<{ n: number }[]>`
      select count(*)::int as n from companies c join companies t on t.id = c.channel_id
      where t.account_name = 'northwind-distribution' and c.kind = 'customer'`,
  );
  expect(channel!.n).toBeGreaterThan(0);
  const northwind = rows.filter({ hasText: 'Northwind Distribution' });
  await expect(northwind.getByRole('cell', { name: String(channel!.n), exact: true })).toHaveCount(1);
});

test('the vendor administrator is not told that a tier-1’s licenses are for administrators', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  await page.goto('/licenses/partners');
  await page.getByRole('table').getByRole('link', { name: 'Northwind Distribution' }).click();
  const tabs = page.getByRole('navigation', { name: 'Partner' });
  await expect(tabs.getByRole('link', { name: 'Profile' })).toBeVisible();
  await expect(tabs.getByRole('link', { name: 'Licenses' })).toHaveCount(0);

  await page.goto(`${new URL(page.url()).pathname}/licenses`);
  await expect(page.getByText('License pools are kept by the tier-1 partners')).toBeVisible();
  await expect(page.getByText('is for administrators and license managers')).toHaveCount(0);
});

test('a long note on a license request wraps in its column: the status and the Reject button stay in view', async ({
  page,
  signInAs,
  playwright,
  baseURL,
}) => {
  const marker = `Quarter close ${Date.now().toString(36)}`;
  const note = `${marker}: ${'our largest customer is onboarding next week and needs these seats before then. '.repeat(8)}ref:${'X'.repeat(120)}`;
  const [product] = await withE2eDatabase((sql) => sql<{ id: string }[]>`select id from products where code = 'BK'`);
  const msp = await playwright.request.newContext({ baseURL });
  try {
    await signInThroughApi(msp, baseURL!, USERS.mspAdmin);
    const created = await msp.post('/api/trpc/licensePool.requests.create', {
      data: { json: { productId: product!.id, versionType: 'full', units: 7, note } },
      headers: { Origin: baseURL! },
    });
    expect(created.status(), await created.text()).toBe(200);
  } finally {
    await msp.dispose();
  }

  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/pool');
  const table = page.getByRole('table', { name: 'Requests from your partners' });
  const row = table.getByTestId('license-request').filter({ hasText: marker });
  await expect(row).toHaveCount(1);

  const scroller = page.locator('[data-slot="table-container"]').filter({ has: table });
  const view = await box(scroller);
  const overflow = await scroller.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow, 'the requests table fits its box without scrolling sideways').toBeLessThanOrEqual(0);

  const reject = await box(row.getByRole('button', { name: /^Reject the request/ }));
  expect(reject.x).toBeGreaterThanOrEqual(view.x);
  expect(reject.x + reject.width).toBeLessThanOrEqual(view.x + view.width);

  const noteLocator = row.getByRole('cell').filter({ hasText: marker });
  expect(await noteLocator.evaluate((el) => el.scrollWidth - el.clientWidth), 'the note stays inside its cell').toBeLessThanOrEqual(0);
  const noteCell = await box(noteLocator);
  const badge = await box(row.getByText('Pending', { exact: true }));
  expect(noteCell.x + noteCell.width, 'the note ends before the status begins').toBeLessThanOrEqual(badge.x);
});

test('a sign-in refused for too many attempts says so once, in full', async ({ page, baseURL }) => {
  const email = `nobody-${Date.now().toString(36)}@rate-limit.example`;
  // Ten wrong passwords use up the address's attempts for the minute.
  for (let i = 0; i < 10; i++) {
    const response = await page.request.post('/api/trpc/auth.signIn', {
      data: { json: { email, password: 'not-the-password' } },
      headers: { Origin: baseURL! },
    });
    expect(response.status()).toBe(401);
  }

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const title = page.getByRole('alert').locator('[data-slot="alert-title"]');
  await expect(title).toHaveText(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/);
  await expect(page.getByText(/try again in/i)).toHaveCount(1);
  const clipped = await title.evaluate((el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
  expect(clipped, 'the message is shown whole, not cut off').toBe(false);
  await expect(page.getByRole('button', { name: /Sign in \(\d+ s\)/ })).toBeDisabled();
});

test('a published legal document shows its headings and lists', async ({ page, signInAs }) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/admin/branding');
  await page.getByRole('button', { name: /^View Keyway Privacy Statement version/ }).first().click();
  const text = page.getByRole('dialog').getByTestId('legal-preview');
  const heading = text.locator('h1').first();
  await expect(heading).toHaveText('Privacy Statement');
  const paragraph = text.locator('p').first();

  const style = async (locator: Locator, property: string) =>
    locator.evaluate((el, name) => getComputedStyle(el).getPropertyValue(name), property);
  expect(parseFloat(await style(heading, 'font-size'))).toBeGreaterThan(parseFloat(await style(paragraph, 'font-size')) * 1.2);
  expect(Number(await style(heading, 'font-weight'))).toBeGreaterThanOrEqual(600);
  const item = text.locator('li').first();
  await expect(item).toContainText('data center');
  expect(await style(item, 'display')).toBe('list-item');
  expect(await style(text.locator('ul').first(), 'list-style-type')).toBe('disc');
  expect(parseFloat(await style(paragraph, 'margin-top'))).toBeGreaterThan(0);
});

test('a license pending its first sign-in shows no dates yet, and its status in words', async ({ page, signInAs }) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/licenses/customers?q=mission');
  await page.getByRole('table').getByRole('link', { name: 'Mission Street Clinic' }).click();
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();
  const pending = page.getByRole('row').filter({ has: page.getByTestId('license-status').getByText('Pending first sign-in', { exact: true }) });
  await expect(pending).toHaveCount(1);
  await expect(pending.getByTestId('license-starts')).toHaveText('Starts at first sign-in');
  await expect(pending.getByTestId('license-expires')).toHaveText('Not yet');
  // No status anywhere on the page is shown as its stored value.
  for (const raw of ['pending', 'active', 'grace', 'expired', 'discontinued']) {
    await expect(page.getByTestId('license-status').getByText(raw, { exact: true })).toHaveCount(0);
  }
});

test('a registration key’s detail has an address of its own: it opens from a link, survives a reload, and is unknown to other channels', async ({
  page,
  signInAs,
  browser,
  baseURL,
}) => {
  await ensureRegistrationKeys(browser, baseURL!);
  await signInAs(USERS.mspAdmin);
  await page.goto('/licenses/registration-keys');
  const link = page.getByRole('link', { name: /^[A-Z]{2}(-[0-9A-Z]{4}){4}$/ }).first();
  const key = (await link.innerText()).trim();
  await link.click();
  await expect(page).toHaveURL(/\/licenses\/registration-keys\?(.*&)?key=\d+/);
  const detail = page.getByRole('dialog', { name: 'Registration key' });
  await expect(detail).toContainText(key);

  const address = page.url();
  await page.reload();
  await expect(page.getByRole('dialog', { name: 'Registration key' })).toContainText(key);

  // Closing it goes back to the list's own address.
  await page.keyboard.press('Escape');
  await expect(page).not.toHaveURL(/key=/);

  await signInAs(USERS.otherTier1Admin);
  const response = await page.goto(address);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('No such registration key.')).toBeVisible();
});

/** "4 Dec 2026": the one way English pages write a day. */
const ENGLISH_DAY = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;

test('dates read one way on every page: the customers list, a customer’s licenses and the transactions', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/customers?q=pinecrest');
  await expect(page.getByRole('row').nth(1).getByRole('cell').last()).toHaveText(new RegExp(`^${ENGLISH_DAY.source}$`));
  await page.getByRole('link', { name: 'Pinecrest Medical Center' }).click();
  await page.getByRole('navigation', { name: 'Customer' }).getByRole('link', { name: 'Licenses' }).click();
  const license = page.getByTestId('license-row').first();
  await expect(license.getByTestId('license-starts')).toHaveText(new RegExp(`^${ENGLISH_DAY.source}$`));
  await expect(license.getByTestId('license-expires')).toContainText(ENGLISH_DAY);
  await page.goto('/admin/transactions');
  await expect(page.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(new RegExp(`^${ENGLISH_DAY.source}, \\d{2}:\\d{2}$`));
});

test('languages are named in themselves in the profile and in the legal documents alike', async ({ page, signInAs }) => {
  await signInAs(USERS.mspAdmin);
  await page.goto('/admin/account');
  await page.getByLabel('Language', { exact: true }).click();
  await expect(page.getByRole('option', { name: 'Deutsch', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.goto('/admin/branding');
  await page.getByLabel('Language', { exact: true }).click();
  await expect(page.getByRole('option', { name: 'Deutsch', exact: true })).toBeVisible();
  await expect(page.getByRole('option', { name: 'German', exact: true })).toHaveCount(0);
});

test('the customers and transactions exports write moments the same way, in the person’s zone, and say which', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  const csv = async (path: string) => {
    const response = await page.request.get(path);
    expect(response.status()).toBe(200);
    return (await response.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  };
  const customers = await csv('/api/exports/customers?format=csv');
  const transactions = await csv('/api/exports/transactions?format=csv');
  // The tier-1 administrator's Account Information says Los Angeles.
  expect(customers[0]).toMatch(/,Created \(America\/Los_Angeles\)$/);
  expect(transactions[0]).toMatch(/^Date \(America\/Los_Angeles\),/);
  expect(customers[1]).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  expect(transactions[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2},/);
});
