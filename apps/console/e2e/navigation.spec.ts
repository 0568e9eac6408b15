import { permissionsOf, type Actor } from '@keyway/core/privileges';
import { navigationFor } from '@keyway/core/navigation';
import { USERS, expect, test } from './fixtures.ts';

interface Case {
  who: string;
  email: string;
  actor: Actor;
  /**
   * What DESIGN.md §1 gives this user, written out by hand so that a wrong privilege table is
   * caught and not just mirrored.
   */
  expected: string[];
}

const CASES: Case[] = [
  {
    who: 'a tier-1 administrator',
    email: USERS.tier1Admin,
    actor: { tier: 'tier1', role: 'admin' },
    expected: [
      'Dashboard',
      'Partners',
      'Customers',
      'License Pool',
      'Service Plans',
      'Registration Keys',
      'Usage Reports',
      'Billing Reports',
      'Account Information',
      'Company Information',
      'Branding Settings',
      'Email Notifications',
      'Customer Transactions',
    ],
  },
  {
    // MSPs: no partners, no billing; everything else their tier allows.
    who: 'an MSP administrator',
    email: USERS.mspAdmin,
    actor: { tier: 'msp', role: 'admin' },
    expected: [
      'Dashboard',
      'Customers',
      'License Pool',
      'Service Plans',
      'Registration Keys',
      'Usage Reports',
      'Account Information',
      'Company Information',
      'Branding Settings',
      'Email Notifications',
      'Customer Transactions',
    ],
  },
  {
    // Resellers: customers and keys; no pool, plans, branding, usage or billing reports. They may
    // send pending mails now, so Email Notifications stays.
    who: 'a reseller administrator',
    email: USERS.resellerAdmin,
    actor: { tier: 'reseller', role: 'admin' },
    expected: [
      'Dashboard',
      'Customers',
      'Registration Keys',
      'Account Information',
      'Company Information',
      'Email Notifications',
      'Customer Transactions',
    ],
  },
  {
    // Billing Manager: usage and billing reports, own account only in Administration, and read
    // access to customer summary and transactions.
    who: 'a tier-1 billing manager',
    email: USERS.tier1BillingManager,
    actor: { tier: 'tier1', role: 'billing_manager' },
    expected: [
      'Dashboard',
      'Usage Reports',
      'Billing Reports',
      'Account Information',
      'Customer Transactions',
    ],
  },
];

for (const { who, email, actor, expected } of CASES) {
  test(`${who} sees exactly the navigation items the privilege table allows`, async ({
    page,
    signInAs,
  }) => {
    await signInAs(email);
    await page.goto('/dashboard');

    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeVisible();
    const shown = (await nav.getByRole('link').allInnerTexts()).map((label) => label.trim());

    const fromTable = navigationFor(permissionsOf(actor)).flatMap((group) =>
      group.items.map((item) => item.label),
    );
    expect(shown, 'the bar shows what the privilege table gives').toEqual(fromTable);
    expect(shown, 'the bar shows what DESIGN.md §1 gives').toEqual(expected);

    await expect(nav.getByRole('link', { name: 'Dashboard' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });
}
