import { DEMO_PASSWORD, expect, test } from './fixtures.ts';

/** Redwood Reseller (Contoso's channel) is this spec's company; no other spec changes its accounts. */
const ADMIN = 'admin@redwood-reseller.example';
const SUPPORT = 'support-engineer@redwood-reseller.example';

test('an administrator creates an account and sees it listed', async ({ page, signInAs }) => {
  await signInAs(ADMIN);
  await page.goto('/dashboard');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Company Information' }).click();
  await expect(page).toHaveURL(/\/admin\/company$/);
  await page.waitForLoadState('networkidle');
  await expect(page.getByRole('heading', { level: 1, name: 'Company Information' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /Redwood Reseller/ })).toBeVisible();
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByRole('row').filter({ hasText: ADMIN })).toBeVisible();

  await accounts.getByRole('button', { name: 'New account' }).click();
  const dialog = page.getByRole('dialog', { name: 'New account' });
  await dialog.getByLabel('Name').fill('Rita Reyes');
  await dialog.getByLabel('Email').fill('rita@redwood-reseller.example');
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog.getByText('Choose a role.')).toBeVisible();

  // A reseller has no Partner Account Manager to offer.
  await dialog.getByLabel('Role').click();
  await expect(page.getByRole('option', { name: 'Administrator' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Partner Account Manager' })).toHaveCount(0);
  await page.getByRole('option', { name: 'License Manager' }).click();
  await dialog.getByLabel('Email').fill(ADMIN);
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`An account with the email ${ADMIN} already exists.`);

  await dialog.getByLabel('Email').fill('rita@redwood-reseller.example');
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Account created for Rita Reyes. The welcome mail is on its way to rita@redwood-reseller.example.')).toBeVisible();

  const row = accounts.getByRole('row').filter({ hasText: 'rita@redwood-reseller.example' });
  await expect(row).toContainText('Rita Reyes');
  await expect(row).toContainText('License Manager');
  await expect(row).toContainText('Invitation pending');

  // Filters live in the address and narrow the table.
  await accounts.getByLabel('Name or email').fill('rita');
  await accounts.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\?q=rita$/);
  await expect(accounts.getByText('1 account match these filters')).toBeVisible();
  await expect(accounts.getByRole('row')).toHaveCount(2);
});

test('an administrator changes an account’s role, disables and enables it', async ({ page, signInAs, playwright, baseURL }) => {
  await signInAs(ADMIN);
  const created = await page.request.post('/api/trpc/company.accounts.create', {
    data: { json: { name: 'Ralf Roth', email: 'ralf@redwood-reseller.example', role: 'support_engineer' } },
    headers: { Origin: baseURL! },
  });
  expect(created.status(), await created.text()).toBe(200);

  await page.goto('/admin/company?q=ralf');

  await page.waitForLoadState('networkidle');
  const accounts = page.getByRole('region', { name: 'Accounts' });
  const row = accounts.getByRole('row').filter({ hasText: 'ralf@redwood-reseller.example' });
  await expect(row).toContainText('Support Engineer');

  await row.getByRole('button', { name: 'Edit Ralf Roth' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit account' });
  await edit.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Billing Manager' }).click();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Billing Manager');

  await row.getByRole('button', { name: 'Disable Ralf Roth' }).click();
  const confirm = page.getByRole('dialog', { name: 'Disable Ralf Roth?' });
  await confirm.getByRole('button', { name: 'Disable account' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('Ralf Roth is disabled and signed out everywhere.')).toBeVisible();
  await expect(row).toContainText('Disabled');

  await accounts.getByLabel('Status').click();
  await page.getByRole('option', { name: 'Disabled' }).click();
  await expect(page).toHaveURL(/status=disabled/);
  await expect(accounts.getByRole('row')).toHaveCount(2);

  // A disabled account is told so at sign-in (once it has a password; this one has none yet).
  const request = await playwright.request.newContext({ baseURL });
  const signIn = await request.post('/api/trpc/auth.signIn', {
    data: { json: { email: 'ralf@redwood-reseller.example', password: DEMO_PASSWORD } },
    headers: { Origin: baseURL! },
  });
  expect(signIn.status()).toBe(401);
  await request.dispose();

  await row.getByRole('button', { name: 'Enable Ralf Roth' }).click();
  await expect(page.getByText('Ralf Roth can sign in again.')).toBeVisible();
  await expect(accounts.getByText('No accounts match these filters.')).toBeVisible();
  await accounts.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/admin\/company$/);
  await expect(accounts.getByRole('row').filter({ hasText: 'ralf@redwood-reseller.example' })).toContainText('Active');
});

test('the only Administrator can neither disable nor demote themselves', async ({ page, signInAs }) => {
  await signInAs(ADMIN);
  await page.goto('/admin/company');
  await page.waitForLoadState('networkidle');
  const accounts = page.getByRole('region', { name: 'Accounts' });
  const own = accounts.getByRole('row').filter({ hasText: ADMIN });
  await expect(own.getByText('You')).toBeVisible();
  await expect(own.getByRole('button', { name: /^Disable/ })).toHaveCount(0);

  await own.getByRole('button', { name: /^Edit/ }).click();
  const edit = page.getByRole('dialog', { name: 'Edit account' });
  await edit.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Support Manager' }).click();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit.getByRole('alert')).toContainText(
    'is the last active Administrator of Redwood Reseller, so the account cannot be given another role. Make another account an Administrator first.',
  );
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(own).toContainText('Administrator');
});

test('support staff see the accounts and mail a password-reset link, but cannot change accounts', async ({ page, signInAs }) => {
  await signInAs(SUPPORT);
  await page.goto('/admin/company');
  await page.waitForLoadState('networkidle');
  const accounts = page.getByRole('region', { name: 'Accounts' });
  const row = accounts.getByRole('row').filter({ hasText: 'billing-manager@redwood-reseller.example' });
  await expect(row).toBeVisible();
  await expect(accounts.getByRole('button', { name: 'New account' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit profile' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: /^Edit/ })).toHaveCount(0);
  await expect(row.getByRole('button', { name: /^Disable/ })).toHaveCount(0);

  await row.getByRole('button', { name: /password-reset link/ }).click();
  await expect(page.getByText('A password-reset link is on its way to billing-manager@redwood-reseller.example.')).toBeVisible();
});
