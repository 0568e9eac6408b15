import type { Page } from '@playwright/test';
import { expect, newestMailText, signInThroughApi, test, waitingForHydration } from './fixtures.ts';

/**
 * Northwind's partner account manager creates the partners of this spec (no other spec signs in
 * as it), so the administrator's sign-in budget stays with the specs that need the administrator.
 */
const TIER1 = 'partner-account-manager@northwind-distribution.example';
const PARTNER = { name: 'Cobalt Managed IT', accountName: 'cobalt-it' };
const PARTNER_ADMIN = { name: 'Cora Lindqvist', email: 'cora@cobalt-it.example', password: 'cobalt-harbour-2026' };

async function chooseOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a tier-1 creates an MSP with its administrator, who sets a password and creates a customer; once the partner is suspended, its changes are refused', async ({
  page,
  browser,
  baseURL,
}) => {
  // One story across two browsers and a mailbox: longer than the default timeout allows.
  test.slow();
  await signInThroughApi(page.request, baseURL!, TIER1);
  await page.goto('/licenses/partners');
  await page.getByRole('link', { name: 'Create partner' }).click();
  await expect(page).toHaveURL(/\/licenses\/partners\/new$/);

  // Step 1 refuses to go on until the profile is complete, saying why beside each field.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Enter the company name.')).toBeVisible();
  await expect(page.getByText('Choose a country.')).toBeVisible();
  await page.getByLabel('Company name').fill(PARTNER.name);
  // The account name follows the company name until it is typed; this one is taken.
  await expect(page.getByLabel('Account name')).toHaveValue('cobalt-managed-it');
  await page.getByLabel('Account name').fill('bluefin-it');
  await page.getByLabel('Contact person (optional)').fill('Cora Lindqvist');
  await page.getByLabel('Contact email', { exact: true }).fill('hello@cobalt-it.example');
  await page.getByLabel('City (optional)').fill('Stockholm');
  await chooseOption(page, 'Country', 'Sweden');
  await chooseOption(page, 'Time zone', 'Europe/Stockholm');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: the type is required.
  await expect(page.getByRole('heading', { name: 'Step 2 of 5: Partner type' })).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Choose the partner type.')).toBeVisible();
  await page.getByLabel('MSP', { exact: true }).check();
  await page.getByLabel('License pool refill allowed').click();
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: the first administrator, mailed now.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Enter the administrator’s name.')).toBeVisible();
  await page.getByLabel('Administrator name').fill(PARTNER_ADMIN.name);
  await page.getByLabel('Administrator email').fill(PARTNER_ADMIN.email);
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: licenses are optional; a partner account manager may not assign them and is told so.
  await expect(page.getByRole('heading', { name: 'Step 4 of 5: Licenses' })).toBeVisible();
  await expect(page.getByText('Your account cannot assign licenses to partners')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // Review, then the server refuses the taken account name: back at step 1, beside the field.
  const review = page.getByRole('heading', { name: 'Step 5 of 5: Review' });
  await expect(review).toBeVisible();
  await expect(page.getByText('MSP', { exact: true })).toBeVisible();
  await expect(page.getByText(`${PARTNER_ADMIN.name} · ${PARTNER_ADMIN.email}`)).toBeVisible();
  await page.getByRole('button', { name: 'Create partner' }).click();
  await expect(page.getByRole('heading', { name: 'Step 1 of 5: Company profile' })).toBeVisible();
  await expect(page.locator('#partner-accountName-error')).toHaveText(
    'The account name "bluefin-it" is already used by Bluefin IT Services in your channel. Choose another one.',
  );
  await page.getByLabel('Account name').fill(PARTNER.accountName);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(review).toBeVisible();
  await page.getByRole('button', { name: 'Create partner' }).click();

  await expect(page).toHaveURL(/\/licenses\/partners\/[0-9a-f-]{36}$/);
  const partnerUrl = page.url();
  await expect(page.getByText(`${PARTNER.name} is created. The welcome mail is on its way to ${PARTNER_ADMIN.email}.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: PARTNER.name })).toBeVisible();
  await expect(page.getByTestId('partner-status')).toHaveText('Active');
  const profile = page.getByLabel('Company profile');
  await expect(profile).toContainText('cobalt-it');
  await expect(profile).toContainText('Sweden');
  await expect(profile.getByText('Allowed', { exact: true })).toBeVisible();

  // The administrator is on the Accounts tab, invited but without a password yet.
  await page.getByRole('navigation', { name: 'Partner' }).getByRole('link', { name: 'Accounts' }).click();
  const adminRow = page.getByRole('row').filter({ hasText: PARTNER_ADMIN.email });
  await expect(adminRow).toContainText('Invitation pending');

  // The new administrator chooses a password through the link in the mail, then signs in.
  const text = await newestMailText(PARTNER_ADMIN.email, 'account-created');
  const link = text.match(/https?:\/\/\S+\/reset-password\/[a-z2-7]+/)?.[0];
  expect(link, `a set-password link in:\n${text}`).toBeDefined();
  const partnerContext = await browser.newContext({ baseURL });
  const partnerPage = waitingForHydration(await partnerContext.newPage());
  await partnerPage.goto(link!);
  await partnerPage.getByLabel('New password', { exact: true }).fill(PARTNER_ADMIN.password);
  await partnerPage.getByLabel('Confirm new password').fill(PARTNER_ADMIN.password);
  await partnerPage.getByRole('button', { name: 'Set new password' }).click();
  await expect(partnerPage.getByRole('heading', { name: 'Password changed' })).toBeVisible();
  await partnerPage.goto('/sign-in');
  await partnerPage.getByLabel('Email').fill(PARTNER_ADMIN.email);
  await partnerPage.getByLabel('Password').fill(PARTNER_ADMIN.password);
  await partnerPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(partnerPage).toHaveURL(/\/dashboard$/);
  await expect(partnerPage.getByTestId('signed-in-user')).toContainText(PARTNER_ADMIN.name);

  // As the MSP's administrator: a first customer.
  await partnerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(partnerPage.getByText('You have no customers yet.')).toBeVisible();
  await partnerPage.getByRole('link', { name: 'Create customer' }).click();
  await fillCustomer(partnerPage, { name: 'Fjord Dental', accountName: 'fjord-dental', admin: 'dagny@fjord-dental.example' });
  await partnerPage.getByRole('button', { name: 'Create customer' }).click();
  await expect(partnerPage).toHaveURL(/\/licenses\/customers\/[0-9a-f-]{36}$/);
  await expect(partnerPage.getByRole('heading', { level: 1, name: 'Fjord Dental' })).toBeVisible();
  await expect(partnerPage.getByTestId('customer-status')).toHaveText('Enabled');
  await expect(partnerPage.getByLabel('Sign-in URL')).toHaveValue(/\/sign-in\/northwind-distribution\/fjord-dental$/);

  // The tier-1 suspends the partner; a reason is required.
  await page.goto(partnerUrl);
  await page.getByRole('button', { name: 'Suspend' }).click();
  const suspend = page.getByRole('dialog', { name: `Suspend ${PARTNER.name}?` });
  await suspend.getByRole('button', { name: 'Suspend partner' }).click();
  await expect(suspend.getByText('Say why the partner is suspended.')).toBeVisible();
  await suspend.getByLabel('Reason').fill('Invoices overdue since September');
  await suspend.getByRole('button', { name: 'Suspend partner' }).click();
  await expect(suspend).toBeHidden();
  await expect(page.getByTestId('partner-status')).toHaveText('Suspended');
  await expect(page.getByTestId('partner-status-note')).toContainText('Reason: Invoices overdue since September');
  await expect(page.getByRole('button', { name: 'Reactivate' })).toBeVisible();

  // The dashboard's "Suspended" widget link lists it.
  await page.goto('/licenses/partners?status=suspended');
  const row = page.getByRole('row').filter({ hasText: PARTNER.name });
  await expect(row).toContainText('Suspended');
  await expect(row).toContainText('Invoices overdue since September');

  // The partner's administrator can still read, but another customer is refused, saying why.
  await partnerPage.goto('/licenses/customers');
  await expect(partnerPage.getByRole('link', { name: 'Fjord Dental' })).toBeVisible();
  await partnerPage.getByRole('link', { name: 'Create customer' }).click();
  await fillCustomer(partnerPage, { name: 'Skerry Shipping', accountName: 'skerry-shipping', admin: 'ops@skerry.example' });
  await partnerPage.getByRole('button', { name: 'Create customer' }).click();
  await expect(partnerPage.getByRole('alert').filter({ hasText: 'is suspended' })).toHaveText(
    `${PARTNER.name} is suspended: you can read everything but change only your profile until it is reactivated.`,
  );
  await expect(partnerPage).toHaveURL(/\/licenses\/customers\/new$/);
  await partnerContext.close();
});

test('the partners list filters by type and status and sorts on the server', async ({ page, baseURL }) => {
  await signInThroughApi(page.request, baseURL!, TIER1);
  await page.goto('/licenses/partners');
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: 'Bluefin IT Services' })).toBeVisible();
  await expect(table.getByRole('link', { name: 'Harbor Resellers' })).toBeVisible();

  await chooseOption(page, 'Type', 'Reseller');
  await expect(page).toHaveURL(/type=reseller/);
  await expect(table.getByRole('link', { name: 'Bluefin IT Services' })).toHaveCount(0);
  const harbor = table.getByRole('row').filter({ hasText: 'Harbor Resellers' });
  await expect(harbor).toContainText('harbor-resellers');
  await expect(harbor).toContainText('Reseller');

  await chooseOption(page, 'Status', 'Canceled');
  await expect(page.getByText('No partners match these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/licenses\/partners$/);

  // Sorted by name descending: a header is a link to the list sorted by it.
  await page.getByRole('link', { name: 'Name', exact: true }).click();
  await expect(page).toHaveURL(/\/licenses\/partners\?dir=desc$/);
  await expect(table.getByRole('row').nth(1)).toContainText('Harbor Resellers');
});

async function fillCustomer(page: Page, customer: { name: string; accountName: string; admin: string }) {
  await page.getByLabel('Company name').fill(customer.name);
  await page.getByLabel('Account name').fill(customer.accountName);
  await page.getByLabel('Contact email', { exact: true }).fill(`contact@${customer.accountName}.example`);
  await chooseOption(page, 'Country', 'Norway');
  await page.getByLabel('Administrator name').fill('First Administrator');
  await page.getByLabel('Administrator email').fill(customer.admin);
}
