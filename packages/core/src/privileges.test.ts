import { describe, expect, it } from 'vitest';
import { navigationFor } from './navigation.ts';
import { can, permissionsOf, rolesForTier } from './privileges.ts';

const labels = (tier: Parameters<typeof permissionsOf>[0]['tier'], role: Parameters<typeof permissionsOf>[0]['role']) =>
  navigationFor(permissionsOf({ tier, role })).flatMap((g) => g.items.map((i) => i.label));

describe('privilege table', () => {
  it('gives MSPs but not resellers the license pool, service plans and branding', () => {
    for (const p of ['licensePool.view', 'servicePlans.modify', 'branding.modify'] as const) {
      expect(can({ tier: 'msp', role: 'admin' }, p)).toBe(true);
      expect(can({ tier: 'reseller', role: 'admin' }, p)).toBe(false);
    }
  });

  it('lets resellers create and view customers but not modify them', () => {
    expect(can({ tier: 'reseller', role: 'admin' }, 'customers.create')).toBe(true);
    expect(can({ tier: 'reseller', role: 'admin' }, 'customers.view')).toBe(true);
    expect(can({ tier: 'reseller', role: 'admin' }, 'customers.modify')).toBe(false);
    expect(can({ tier: 'msp', role: 'admin' }, 'customers.modify')).toBe(true);
  });

  it('keeps partner management and billing with tier-1', () => {
    expect(can({ tier: 'tier1', role: 'admin' }, 'partners.create')).toBe(true);
    expect(can({ tier: 'msp', role: 'admin' }, 'partners.view')).toBe(false);
    expect(can({ tier: 'tier1', role: 'billing_manager' }, 'billingReports.run')).toBe(true);
    expect(can({ tier: 'msp', role: 'billing_manager' }, 'billingReports.view')).toBe(false);
  });

  it('keeps billing between the tier-1 and the vendor: the tier-1 runs and submits, the vendor takes in and keeps the price list', () => {
    expect(can({ tier: 'tier1', role: 'billing_manager' }, 'billingReports.intake')).toBe(false);
    expect(can({ tier: 'vendor', role: 'billing_manager' }, 'billingReports.intake')).toBe(true);
    expect(can({ tier: 'vendor', role: 'admin' }, 'billingReports.run')).toBe(false);
    expect(can({ tier: 'tier1', role: 'support_engineer' }, 'billingReports.view')).toBe(true);
    expect(can({ tier: 'tier1', role: 'support_engineer' }, 'billingReports.run')).toBe(false);
    expect(can({ tier: 'tier1', role: 'billing_manager' }, 'priceLists.view')).toBe(true);
    expect(can({ tier: 'tier1', role: 'admin' }, 'priceLists.modify')).toBe(false);
    expect(can({ tier: 'tier1', role: 'admin' }, 'promoCodes.view')).toBe(false);
    for (const tier of ['msp', 'reseller', 'customer'] as const) {
      for (const permission of ['billingReports.view', 'priceLists.view', 'promoCodes.view'] as const) {
        expect(can({ tier, role: 'admin' }, permission)).toBe(false);
        expect(can({ tier, role: 'billing_manager' }, permission)).toBe(false);
      }
    }
    expect(labels('vendor', 'billing_manager')).toEqual(['Dashboard', 'Product Catalog', 'Billing Reports', 'Account Information', 'Price Lists']);
  });

  it('intersects the tier with the role', () => {
    expect(can({ tier: 'tier1', role: 'support_engineer' }, 'usageReports.view')).toBe(true);
    expect(can({ tier: 'tier1', role: 'support_engineer' }, 'usageReports.modify')).toBe(false);
    expect(can({ tier: 'tier1', role: 'partner_account_manager' }, 'customers.view')).toBe(false);
    expect(can({ tier: 'tier1', role: 'customer_account_manager' }, 'registrationKeys.generate')).toBe(true);
    expect(can({ tier: 'tier1', role: 'customer_account_manager' }, 'servicePlans.modify')).toBe(false);
  });

  it('offers tier-2 companies no partner account managers and customers only administrators', () => {
    expect(rolesForTier('msp')).not.toContain('partner_account_manager');
    expect(rolesForTier('tier1')).toContain('partner_account_manager');
    expect(rolesForTier('customer')).toEqual(['admin']);
  });

  it('opens Company Information to administrators and to support staff, who reset passwords', () => {
    expect(can({ tier: 'msp', role: 'admin' }, 'company.view')).toBe(true);
    expect(can({ tier: 'msp', role: 'support_engineer' }, 'company.view')).toBe(true);
    expect(can({ tier: 'msp', role: 'billing_manager' }, 'company.view')).toBe(false);
    expect(can({ tier: 'tier1', role: 'license_manager' }, 'company.view')).toBe(false);
    expect(can({ tier: 'tier1', role: 'license_manager' }, 'account.self')).toBe(true);
  });

  it('gives the vendor its catalog, its tier-1s’ stock and the whole tree’s customers to read', () => {
    expect(labels('vendor', 'admin')).toEqual(expect.arrayContaining(['Partners', 'Customers', 'Product Catalog']));
    expect(labels('vendor', 'license_manager')).toEqual(['Dashboard', 'Partners', 'Product Catalog', 'Account Information']);
    expect(can({ tier: 'vendor', role: 'license_manager' }, 'partners.create')).toBe(false);
    expect(can({ tier: 'vendor', role: 'license_manager' }, 'tier1Stock.modify')).toBe(true);
    expect(can({ tier: 'vendor', role: 'partner_account_manager' }, 'tier1Stock.modify')).toBe(false);
    expect(can({ tier: 'vendor', role: 'support_engineer' }, 'catalog.view')).toBe(true);
    expect(can({ tier: 'vendor', role: 'support_engineer' }, 'catalog.modify')).toBe(false);
    expect(can({ tier: 'vendor', role: 'admin' }, 'customers.view')).toBe(true);
    for (const p of ['customers.create', 'customers.modify', 'licensePool.view', 'servicePlans.view'] as const) {
      expect(can({ tier: 'vendor', role: 'admin' }, p)).toBe(false);
    }
    for (const p of ['catalog.view', 'tier1Stock.view'] as const) expect(can({ tier: 'tier1', role: 'admin' }, p)).toBe(false);
  });

  it('derives the navigation bar from the same table', () => {
    expect(labels('tier1', 'billing_manager')).toEqual([
      'Dashboard',
      'Usage Reports',
      'Billing Reports',
      'Account Information',
      'Customer Transactions',
    ]);
    expect(labels('reseller', 'admin')).toEqual([
      'Dashboard',
      'Customers',
      'Registration Keys',
      'Account Information',
      'Company Information',
      'Email Notifications',
      'Customer Transactions',
    ]);
    expect(labels('customer', 'admin')).toEqual([
      'My Products',
      'Account Information',
      'Company Information',
    ]);
  });
});
