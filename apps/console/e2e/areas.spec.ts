import { USERS, expect, test } from './fixtures.ts';

test('an area opened from the navigation is marked current and named in its heading and title', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.tier1BillingManager);
  await page.goto('/dashboard');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Billing Reports' }).click();

  await expect(page).toHaveURL(/\/reports\/billing$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Billing Reports' })).toBeVisible();
  // Billing Reports was the last area without its page: it now lists the tier-1's bills.
  await expect(page.getByRole('table', { name: 'Billing reports' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run billing' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Billing Reports' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page).toHaveTitle('Billing Reports · Keyway');
});

test('a reseller administrator opening the license pool is refused', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.resellerAdmin);
  const response = await page.goto('/licenses/pool');

  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1, name: 'Access denied' })).toBeVisible();
  await expect(page.getByText('You do not have access to License Pool.')).toBeVisible();
  // Still inside the console, with its own navigation, which has no License Pool.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'License Pool' })).toHaveCount(0);
});
