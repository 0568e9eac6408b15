import type { IdKind, World } from './world.ts';

const TIER1 = 'admin@northwind-distribution.example';
const MSP = 'admin@bluefin-it.example';
const CUSTOMER = 'admin@acme-dental.example';
const VENDOR = 'admin@keyway.example';

export interface ProbeEntry {
  /** Who the hostile inputs are sent as; null for procedures signed-out visitors call. */
  as: string | null;
  /**
   * A valid input for the caller `email`, naming only objects it may use. The cross-tenant probe
   * calls it for each tier's administrator, then swaps one id at a time for a foreign one.
   */
  sample: (w: World, email: string) => unknown;
  /** The input's id fields (dot paths, array elements by index) and the kind of object each names. */
  ids?: Record<string, IdKind>;
  /** Changes that make later samples fail (cancel, discontinue): probed after all others. */
  last?: true;
}


const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const product = (w: World) => w.named('product', 'CE');

function profile(accountName: string) {
  return {
    name: `Probe ${accountName}`,
    accountName,
    contactName: 'Pat Probe',
    contactEmail: `contact@${accountName}.example`,
    phone: '+1 555 0199',
    address: '1 Probe Street',
    city: 'Boston',
    state: 'MA',
    postalCode: '02110',
    country: 'US',
    timeZone: 'America/New_York',
    language: 'en',
  };
}

const companyProfile = () => {
  const { accountName: _a, ...rest } = profile('x');
  return { ...rest, name: 'Northwind Distribution' };
};

/** A customer of the caller's that holds a license. */
const licensedCustomer = (w: World, email: string) => w.ownObject(email, 'license').ownerId!;
/** A company whose accounts the caller manages (its own for a customer), and one account of it. */
const accountTarget = (w: World, email: string) => {
  const me = w.companyOf(email);
  const companyId = me.kind === 'customer' ? me.id : (w.own(email, 'company', 'probe-clinic') as string);
  return { companyId, id: w.ownedBy('account', companyId) };
};
/** The usage report of the caller's own company (its MSP's report for an MSP, its own for a tier-1). */
const ownReport = (w: World, email: string) => w.own(email, 'usageReport', (o) => o.ownerId === w.companyOf(email).id);
/** The cycle the demo bills: the one before last. */
const billedCycle = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)).toISOString().slice(0, 7);
};
/** The caller's channel's draft bill (Northwind's own in the demo). */
const draftBill = (w: World, email: string) => w.own(email, 'billingReport', (o) => o.name === 'draft');
const billFilters = (w: World, email: string) => ({
  cycle: billedCycle(),
  status: 'draft',
  channelId: w.own(email, 'parentAccount'),
  companyId: w.own(email, 'partner', 'bluefin-it'),
  currency: 'USD',
});
const northwind = (w: World) => w.company('northwind-distribution').id;
const blocks = { heading: 'Hello', intro: 'Intro text.', body: 'Body text.', action: 'Open', closing: 'Regards' };

/**
 * Probe data for every procedure of the app router: who calls it and a valid input built from the
 * demo world. The probe fails for a procedure missing here, so a new procedure is probed from the
 * day it is added.
 */
export const PROBE_REGISTRY: Record<string, ProbeEntry> = {
  'auth.signIn': { as: null, sample: () => ({ email: 'support-engineer@northwind-distribution.example', password: 'keyway-demo' }) },
  'auth.signOut': { as: TIER1, sample: () => undefined },
  'auth.requestPasswordReset': { as: null, sample: () => ({ email: 'admin@probe-clinic.example' }) },
  'auth.resetPassword': { as: null, sample: () => ({ token: 'an-unknown-reset-token', password: 'a-new-password-1' }) },
  'auth.me': { as: TIER1, sample: () => undefined },

  'search.companies': {
    as: TIER1,
    sample: (w) => ({ query: 'a', kind: 'customer', status: 'enabled', productId: product(w), licenseStatus: 'normal', limit: 1 }),
  },
  'search.licenseFilterOptions': { as: TIER1, sample: () => undefined },
  'dashboard.summary': { as: TIER1, sample: () => undefined },
  'dashboard.licenseHistory': { as: TIER1, sample: () => ({ weeks: 13 }) },
  'dashboard.expiringLicenses': { as: TIER1, sample: () => ({ limit: 8 }) },

  'partners.list': {
    as: TIER1,
    sample: (w) => ({
      limit: 1,
      sort: { by: 'name', direction: 'asc' },
      filters: { query: 'i', status: 'active', type: 'msp', productId: product(w), licenseStatus: 'normal' },
    }),
  },
  'partners.get': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'partner') }), ids: { id: 'partner' } },
  'partners.create': {
    as: TIER1,
    sample: (w, e) => ({
      profile: profile('probe-reseller'),
      type: 'reseller',
      poolRefillAllowed: false,
      admin: { name: 'Pat Probe', email: 'admin@probe-reseller.example', notifyAt: day(3) },
      licenses: [{ productId: product(w), trialUnits: 1, fullUnits: 1 }],
      servicePlanIds: [w.own(e, 'plan')],
    }),
    ids: { 'servicePlanIds.0': 'plan' },
  },
  'partners.update': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'partner', 'probe-msp'), profile: { name: 'Probe MSP', city: 'Salem' } }),
    ids: { id: 'partner' },
  },
  'partners.suspend': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'partner', 'probe-msp'), reason: 'Unpaid invoices' }), ids: { id: 'partner' } },
  'partners.reactivate': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'partner', 'probe-msp') }), ids: { id: 'partner' } },
  'partners.cancel': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'partner', 'probe-msp'), confirmAccountName: 'probe-msp' }),
    ids: { id: 'partner' },
    last: true,
  },
  // A tier-1's stock is the vendor's to keep; the vendor sees every tier-1, so no id is foreign to it.
  'partners.stock.get': { as: VENDOR, sample: (w) => ({ partnerId: northwind(w) }) },
  'partners.stock.movements': { as: VENDOR, sample: (w) => ({ partnerId: northwind(w), limit: 1, filters: { productId: product(w) } }) },
  'partners.stock.add': {
    as: VENDOR,
    sample: (w) => ({ partnerId: northwind(w), productId: product(w), versionType: 'full', units: 10, reason: 'Quarterly top-up' }),
  },
  'partners.stock.remove': {
    as: VENDOR,
    sample: (w) => ({ partnerId: northwind(w), productId: product(w), versionType: 'full', units: 1, reason: 'Stock returned' }),
  },
  'partners.licenses.list': { as: TIER1, sample: (w, e) => ({ partnerId: w.own(e, 'partner') }), ids: { partnerId: 'partner' } },
  'partners.licenses.assign': {
    as: TIER1,
    sample: (w, e) => ({ partnerId: w.own(e, 'partner', 'probe-msp'), productId: product(w), trialUnits: 1, fullUnits: 1, trialCapacity: 10, fullCapacity: null }),
    ids: { partnerId: 'partner' },
  },
  'partners.licenses.disable': {
    as: TIER1,
    sample: (w, e) => ({ partnerId: w.own(e, 'partner', 'probe-msp'), productId: product(w), disabled: true }),
    ids: { partnerId: 'partner' },
  },

  'customers.list': {
    as: TIER1,
    sample: (w, e) => ({
      limit: 1,
      sort: { by: 'name', direction: 'asc' },
      filters: { query: 'a', status: 'enabled', partnerId: w.own(e, 'partner'), productId: product(w), licenseStatus: 'normal' },
    }),
    ids: { 'filters.partnerId': 'partner' },
  },
  'customers.get': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'customer') }), ids: { id: 'customer' } },
  'customers.create': {
    as: TIER1,
    sample: () => ({
      profile: { ...profile('probe-dentist'), emergencyEmail: 'night@probe-dentist.example' },
      admin: { name: 'Pat Probe', email: 'admin@probe-dentist.example', notifyAt: day(2) },
    }),
  },
  'customers.update': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'customer', 'probe-clinic'), profile: { name: 'Probe Clinic', city: 'Salem', emergencyEmail: null } }),
    ids: { id: 'customer' },
  },
  'customers.enable': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'customer', 'probe-clinic') }), ids: { id: 'customer' } },
  'customers.exportSummary': {
    as: TIER1,
    sample: (w, e) => ({ format: 'csv', filters: { query: 'a', status: 'enabled', partnerId: w.own(e, 'partner'), direct: false } }),
    ids: { 'filters.partnerId': 'partner' },
  },
  'customers.disable': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'customer', 'probe-clinic') }), ids: { id: 'customer' }, last: true },
  'customers.licenses.list': {
    as: TIER1,
    sample: (w, e) => ({ customerId: w.own(e, 'customer', 'sequoia-law'), limit: 1, sort: { by: 'createdAt', direction: 'desc' }, filters: { status: 'active' } }),
    ids: { customerId: 'customer' },
  },
  'customers.licenses.plans': { as: TIER1, sample: (w, e) => ({ customerId: w.own(e, 'customer') }), ids: { customerId: 'customer' } },
  'customers.licenses.assign': {
    as: TIER1,
    sample: (w, e) => ({ customerId: w.own(e, 'customer'), plans: [{ planId: w.own(e, 'plan'), units: 1, startsOn: day(0) }] }),
    ids: { customerId: 'customer', 'plans.0.planId': 'plan' },
  },
  'customers.licenses.update': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'license'), units: 2, expiresOn: day(400), autoRenew: true, renewalPeriodMonths: 12, expirationNoticeDays: 30 }),
    ids: { id: 'license' },
  },
  'customers.licenses.renew': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'license') }), ids: { id: 'license' } },
  'customers.licenses.convert': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'license', (o) => o.name.includes('Trial')), planId: w.own(e, 'plan', (o) => o.name.includes('Annual')) }),
    ids: { id: 'license', planId: 'plan' },
  },
  'customers.licenses.checkKey': {
    as: TIER1,
    sample: (w, e) => ({ customerId: w.own(e, 'customer'), key: w.own(e, 'keyCode') }),
    ids: { customerId: 'customer', key: 'keyCode' },
  },
  'customers.licenses.registerKey': {
    as: TIER1,
    sample: (w, e) => ({
      customerId: w.own(e, 'customer'),
      key: w.own(e, 'keyCode'),
      eulaId: w.own(e, 'legalDocument', (o) => o.name.startsWith('eula')),
      privacyId: w.own(e, 'legalDocument', (o) => o.name.startsWith('privacy')),
      accepted: true,
      dataCenterId: w.own(e, 'dataCenter'),
    }),
    ids: { customerId: 'customer', key: 'keyCode', eulaId: 'legalDocument', privacyId: 'legalDocument', dataCenterId: 'dataCenter' },
  },
  'customers.licenses.discontinue': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'license') }), ids: { id: 'license' }, last: true },

  'licensePool.list': { as: TIER1, sample: () => ({ limit: 1, sort: { by: 'product', direction: 'asc' }, filters: { status: 'normal' } }) },
  'licensePool.addMore': { as: TIER1, sample: (w) => ({ productId: product(w), versionType: 'full' }) },
  'licensePool.setAutoRefill': { as: TIER1, sample: (w) => ({ productId: product(w), threshold: 10 }) },
  'licensePool.setMinimum': { as: TIER1, sample: (w) => ({ productId: product(w), minimum: 5 }) },
  'licensePool.refill': { as: MSP, sample: (w) => ({ productId: product(w) }) },
  'licensePool.requests.list': { as: TIER1, sample: () => ({ limit: 1, sort: { by: 'createdAt', direction: 'desc' }, filters: { status: 'pending' } }) },
  'licensePool.requests.create': { as: MSP, sample: (w) => ({ productId: product(w), versionType: 'trial', units: 2, note: 'For a new customer' }) },
  'licensePool.requests.approve': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'licenseRequest', (o) => !o.name.includes('second')) }),
    ids: { id: 'licenseRequest' },
  },
  'licensePool.requests.reject': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'licenseRequest', (o) => o.name.includes('second')), reason: 'Not this month' }),
    ids: { id: 'licenseRequest' },
  },

  'servicePlans.list': {
    as: TIER1,
    sample: (w) => ({ limit: 1, sort: { by: 'name', direction: 'asc' }, filters: { query: 'a', productId: product(w), versionType: 'full', enabled: true } }),
  },
  'servicePlans.get': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'plan') }), ids: { id: 'plan' } },
  'servicePlans.catalog': { as: TIER1, sample: () => undefined },
  'servicePlans.create': {
    as: TIER1,
    sample: (w, e) => ({
      name: 'Probe Plan',
      productId: product(w),
      versionType: 'full',
      nfr: false,
      unitType: 'mailbox',
      unitsPerLicense: 1,
      initialPeriodMonths: 12,
      autoRenew: true,
      renewalPeriodMonths: 12,
      expirationNoticeDays: 30,
      activationPolicy: 'on-assignment',
      dataCenterId: w.own(e, 'dataCenter'),
      trialSignupUrl: null,
    }),
    ids: { dataCenterId: 'dataCenter' },
  },
  'servicePlans.update': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'plan'), name: 'Renamed plan', unitsPerLicense: 2, trialSignupUrl: '' }),
    ids: { id: 'plan' },
  },
  'servicePlans.setEnabled': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'plan'), enabled: true }), ids: { id: 'plan' } },
  'servicePlans.approveChanges': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'plan') }), ids: { id: 'plan' } },
  'servicePlans.assignToReseller': {
    as: TIER1,
    sample: (w, e) => ({ planId: w.own(e, 'plan'), resellerId: w.own(e, 'partner', 'harbor-resellers') }),
    ids: { planId: 'plan', resellerId: 'partner' },
  },
  'servicePlans.unassignFromReseller': {
    as: TIER1,
    sample: (w, e) => ({ planId: w.own(e, 'plan'), resellerId: w.own(e, 'partner', 'harbor-resellers') }),
    ids: { planId: 'plan', resellerId: 'partner' },
  },

  // The vendor's catalog: products are shared by every channel, so their ids have no foreign counterpart.
  'catalog.list': { as: VENDOR, sample: () => ({ limit: 1, sort: { by: 'code', direction: 'asc' }, filters: { query: 'e', status: 'enabled' } }) },
  'catalog.create': {
    as: VENDOR,
    sample: () => ({ code: 'PB', name: 'Probe Backup', description: 'Made by the probe', unitTypes: ['device'], saas: true, needsActivationCode: false, reportsUsage: true }),
  },
  'catalog.update': { as: VENDOR, sample: (w) => ({ id: product(w), description: 'Endpoint protection, revised', unitTypes: ['device', 'user'] }) },
  'catalog.setEnabled': { as: VENDOR, sample: (w) => ({ id: w.named('product', 'EP'), enabled: false }), last: true },
  'catalog.changeComposition': { as: VENDOR, sample: (w) => ({ productId: product(w), description: 'Adds a sandbox module' }), last: true },

  'transactions.list': {
    as: TIER1,
    sample: (w, e) => ({ limit: 1, sort: { by: 'at', direction: 'desc' }, filters: { companyId: licensedCustomer(w, e), timeZone: 'UTC' } }),
    ids: { 'filters.companyId': 'company' },
  },
  'transactions.filterOptions': {
    as: TIER1,
    sample: (w, e) => ({ timeZone: 'Europe/Berlin', companyId: licensedCustomer(w, e) }),
    ids: { companyId: 'company' },
  },
  'transactions.export': {
    as: TIER1,
    sample: (w, e) => ({ format: 'xlsx', filters: { type: 'new-purchase', productId: product(w), month: day(0).slice(0, 7), companyId: licensedCustomer(w, e), timeZone: 'UTC' } }),
    ids: { 'filters.companyId': 'company' },
  },

  'usageReports.list': {
    as: TIER1,
    sample: (w, e) => ({
      limit: 1,
      sort: { by: 'company', direction: 'asc' },
      filters: { cycle: day(0).slice(0, 7), status: 'preparing', companyId: w.own(e, 'partner', 'bluefin-it'), hasComments: false },
    }),
    ids: { 'filters.companyId': 'partner' },
  },
  'usageReports.get': { as: TIER1, sample: (w, e) => ({ reportId: w.own(e, 'usageReport') }), ids: { reportId: 'usageReport' } },
  'usageReports.summary': { as: TIER1, sample: () => ({ cycle: day(0).slice(0, 7) }) },
  'usageReports.history': { as: TIER1, sample: (w, e) => ({ reportId: w.own(e, 'usageReport') }), ids: { reportId: 'usageReport' } },
  'usageReports.preview': { as: TIER1, sample: (w, e) => ({ companyId: w.own(e, 'partner', 'bluefin-it') }), ids: { companyId: 'partner' } },
  'usageReports.chart': { as: MSP, sample: (w, e) => ({ companyId: w.own(e, 'partner', 'bluefin-it') }), ids: { companyId: 'partner' } },
  'usageReports.updateLine': {
    as: MSP,
    sample: (w, e) => {
      const reportId = ownReport(w, e);
      const line = w.ownObject(e, 'usageReportLine', (o) => o.name.startsWith(`${reportId}:`));
      return { reportId, lineId: line.id, chargeable: Number(line.name.split(':')[1]), comment: 'Counted by the probe' };
    },
    ids: { reportId: 'usageReport', lineId: 'usageReportLine' },
  },
  'usageReports.submit': {
    as: MSP,
    sample: (w, e) => ({ reportId: ownReport(w, e), comment: 'Checked every line' }),
    ids: { reportId: 'usageReport' },
    last: true,
  },
  'usageReports.approve': {
    as: TIER1,
    sample: (w, e) => ({ reportId: ownReport(w, e), comment: 'Looks right' }),
    ids: { reportId: 'usageReport' },
    last: true,
  },
  'usageReports.reject': {
    as: TIER1,
    sample: (w, e) => ({ reportId: ownReport(w, e), comment: 'The Endpoint lines are too low' }),
    ids: { reportId: 'usageReport' },
    last: true,
  },
  'usageReports.export': {
    as: TIER1,
    sample: (w, e) => ({
      format: 'csv',
      filters: { cycle: day(0).slice(0, 7), status: 'preparing', companyId: w.own(e, 'partner', 'bluefin-it'), hasComments: true },
    }),
    ids: { 'filters.companyId': 'partner' },
  },
  'usageReports.exportLines': {
    as: TIER1,
    sample: (w, e) => ({ format: 'xlsx', filters: { reportId: w.own(e, 'usageReport') } }),
    ids: { 'filters.reportId': 'usageReport' },
  },
  'usageReports.settings.get': { as: TIER1, sample: () => undefined },
  'usageReports.settings.update': { as: TIER1, sample: () => ({ autoSubmitDays: 7, autoApproveWithoutComments: false }) },

  'billingReports.list': {
    as: TIER1,
    sample: (w, e) => ({ limit: 1, sort: { by: 'company', direction: 'asc' }, filters: billFilters(w, e) }),
    ids: { 'filters.channelId': 'parentAccount', 'filters.companyId': 'partner' },
  },
  'billingReports.get': { as: TIER1, sample: (w, e) => ({ reportId: w.own(e, 'billingReport') }), ids: { reportId: 'billingReport' } },
  'billingReports.history': { as: TIER1, sample: (w, e) => ({ reportId: w.own(e, 'billingReport') }), ids: { reportId: 'billingReport' } },
  'billingReports.summary': { as: TIER1, sample: () => ({ cycle: billedCycle() }) },
  'billingReports.run': { as: TIER1, sample: () => ({ cycle: billedCycle() }) },
  'billingReports.setPurchaseOrder': {
    as: TIER1,
    sample: (w, e) => ({ reportId: draftBill(w, e), purchaseOrder: 'PO-PROBE-7' }),
    ids: { reportId: 'billingReport' },
  },
  'billingReports.applyPromoCode': {
    as: TIER1,
    sample: (w, e) => {
      const reportId = draftBill(w, e);
      const line = w.ownObject(e, 'billingReportLine', (o) => o.name.startsWith(`${reportId}:`));
      return { reportId, lineId: line.id, code: 'PARTNER-BOOST', margin: '26' };
    },
    ids: { reportId: 'billingReport', lineId: 'billingReportLine' },
  },
  'billingReports.resetPrices': { as: TIER1, sample: (w, e) => ({ reportId: draftBill(w, e) }), ids: { reportId: 'billingReport' } },
  'billingReports.submit': {
    as: TIER1,
    sample: (w, e) => ({ reportId: draftBill(w, e), comment: 'Checked against our orders' }),
    ids: { reportId: 'billingReport' },
    last: true,
  },
  // The vendor's intake: the vendor sees every channel, so its ids have no foreign counterpart.
  'billingReports.complete': {
    as: VENDOR,
    sample: (w, e) => ({ reportId: w.own(e, 'billingReport', (o) => o.name === 'submitted_to_vendor'), comment: 'Invoiced' }),
    last: true,
  },
  'billingReports.return': {
    as: VENDOR,
    sample: (w, e) => ({ reportId: w.own(e, 'billingReport', (o) => o.name === 'submitted_to_vendor'), comment: 'The PO number is not ours' }),
    last: true,
  },
  'billingReports.export': {
    as: TIER1,
    sample: (w, e) => ({ format: 'csv', filters: billFilters(w, e) }),
    ids: { 'filters.channelId': 'parentAccount', 'filters.companyId': 'partner' },
  },
  'billingReports.exportLines': {
    as: TIER1,
    sample: (w, e) => ({ format: 'xlsx', filters: { reportId: w.own(e, 'billingReport') } }),
    ids: { 'filters.reportId': 'billingReport' },
  },

  'priceLists.products': { as: VENDOR, sample: () => undefined },
  'priceLists.list': { as: TIER1, sample: (w) => ({ filters: { currency: 'USD', productId: product(w) } }) },
  'priceLists.setPrice': {
    as: VENDOR,
    sample: (w) => ({ productId: product(w), unitType: 'mailbox', currency: 'CHF', unitPrice: '2.30', effectiveFrom: day(30) }),
  },
  'priceLists.deletePrice': { as: VENDOR, sample: (w, e) => ({ priceId: w.own(e, 'price') }), last: true },
  'priceLists.margins': { as: TIER1, sample: (w, e) => ({ companyId: w.own(e, 'parentAccount') }), ids: { companyId: 'parentAccount' } },
  'priceLists.setMargin': {
    as: VENDOR,
    sample: (w) => ({ companyId: northwind(w), productId: product(w), margin: '22.5', effectiveFrom: day(30) }),
  },
  'priceLists.deleteMargin': { as: VENDOR, sample: (w, e) => ({ marginId: w.own(e, 'margin') }), last: true },
  'priceLists.accounts': { as: TIER1, sample: () => undefined },
  'priceLists.setCurrency': { as: VENDOR, sample: (w) => ({ companyId: northwind(w), currency: 'USD' }) },

  'promoCodes.list': { as: VENDOR, sample: (w) => ({ filters: { channelId: northwind(w), state: 'active' } }) },
  'promoCodes.get': { as: VENDOR, sample: (w) => ({ promoCodeId: w.named('promoCode', 'PARTNER-BOOST') }) },
  'promoCodes.create': {
    as: VENDOR,
    sample: (w) => ({
      code: 'PROBE-CODE',
      description: 'Probe campaign',
      allows: 'margin',
      bound: '25',
      channelIds: [northwind(w)],
      productIds: [product(w)],
      validFrom: day(0),
      validUntil: day(30),
    }),
  },
  'promoCodes.update': {
    as: VENDOR,
    sample: (w) => ({
      promoCodeId: w.named('promoCode', 'SUMMER-DEAL'),
      code: 'SUMMER-DEAL',
      description: 'Summer campaign, extended',
      allows: 'unit_price',
      bound: '10',
      channelIds: [northwind(w)],
      productIds: [product(w)],
      validFrom: day(-200),
      validUntil: day(-100),
    }),
  },
  'promoCodes.delete': { as: VENDOR, sample: (w) => ({ promoCodeId: w.named('promoCode', 'SUMMER-DEAL') }), last: true },

  'registrationKeys.batches.list': {
    as: TIER1,
    sample: (w, e) => ({ limit: 1, filters: { planId: w.own(e, 'plan'), status: 'ready' } }),
    ids: { 'filters.planId': 'plan' },
  },
  'registrationKeys.batches.get': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'batch') }), ids: { id: 'batch' } },
  'registrationKeys.batches.create': {
    as: TIER1,
    sample: (w, e) => ({ planId: w.own(e, 'plan'), count: 2, validUntil: day(365), note: 'For the trade fair' }),
    ids: { planId: 'plan' },
  },
  'registrationKeys.plans': { as: TIER1, sample: () => undefined },
  'registrationKeys.list': {
    as: TIER1,
    sample: (w, e) => ({
      limit: 1,
      sort: { by: 'issued', direction: 'desc' },
      filters: { planId: w.own(e, 'plan'), batchId: w.own(e, 'batch'), status: 'available', query: 'PP', registeredCompanyId: w.own(e, 'customer') },
    }),
    ids: { 'filters.planId': 'plan', 'filters.batchId': 'batch', 'filters.registeredCompanyId': 'customer' },
  },
  'registrationKeys.get': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'key') }), ids: { id: 'key' } },
  'registrationKeys.void': { as: TIER1, sample: (w, e) => ({ ids: [w.own(e, 'key')], reason: 'Handed to the wrong customer' }), ids: { 'ids.0': 'key' } },
  'registrationKeys.export': {
    as: TIER1,
    sample: (w, e) => ({ format: 'csv', filters: { batchId: w.own(e, 'batch'), status: 'available' } }),
    ids: { 'filters.batchId': 'batch' },
  },

  'branding.legalDocuments.list': {
    as: TIER1,
    sample: (w) => ({ limit: 1, sort: { by: 'updatedAt', direction: 'desc' }, filters: { kind: 'eula', productId: product(w), language: 'en', status: 'published' } }),
  },
  'branding.legalDocuments.get': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'legalDocument') }), ids: { id: 'legalDocument' } },
  'branding.legalDocuments.create': {
    as: TIER1,
    sample: (w) => ({ kind: 'eula', productId: product(w), language: 'de', title: 'Probe EULA', body: '# Terms\n\nUse it well.' }),
  },
  'branding.legalDocuments.update': {
    as: TIER1,
    sample: (w, e) => ({ id: w.own(e, 'legalDocument'), title: 'Privacy, revised', body: 'Revised text.' }),
    ids: { id: 'legalDocument' },
  },
  'branding.legalDocuments.publish': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'legalDocument') }), ids: { id: 'legalDocument' }, last: true },
  'branding.legalDocuments.products': { as: TIER1, sample: () => undefined },
  'branding.legalDocuments.preview': { as: TIER1, sample: () => ({ body: '# Heading\n\n- a list' }) },
  ...endpointEntries('dataCenters', 'dataCenter'),
  ...endpointEntries('regionalServices', 'regionalService'),

  'portal.products': { as: CUSTOMER, sample: () => ({ limit: 1, sort: { by: 'createdAt', direction: 'desc' }, filters: {} }) },
  'portal.acceptances': { as: CUSTOMER, sample: () => ({ limit: 1, sort: { by: 'acceptedAt', direction: 'desc' }, filters: {} }) },
  'portal.checkKey': { as: CUSTOMER, sample: (w, e) => ({ key: w.own(e, 'keyCode') }), ids: { key: 'keyCode' } },
  'portal.register': {
    as: CUSTOMER,
    sample: (w, e) => ({
      key: w.own(e, 'keyCode'),
      eulaId: w.own(e, 'legalDocument', (o) => o.name.startsWith('eula')),
      privacyId: w.own(e, 'legalDocument', (o) => o.name.startsWith('privacy')),
      accepted: true,
      dataCenterId: w.own(e, 'dataCenter'),
    }),
    ids: { key: 'keyCode', eulaId: 'legalDocument', privacyId: 'legalDocument', dataCenterId: 'dataCenter' },
  },

  'emailNotifications.templates.list': { as: TIER1, sample: () => ({ language: 'de' }) },
  'emailNotifications.templates.get': { as: TIER1, sample: () => ({ event: 'license-expiring', language: 'en' }) },
  'emailNotifications.templates.update': {
    as: TIER1,
    sample: () => ({
      event: 'license-expiring',
      language: 'en',
      enabled: true,
      subject: 'Your license expires soon',
      blocks,
      sendToCustomer: true,
      timing: { kind: 'days-before-expiry', days: 14 },
    }),
  },
  'emailNotifications.templates.preview': { as: TIER1, sample: () => ({ event: 'account-created', language: 'en', subject: 'Welcome', blocks }) },
  'emailNotifications.templates.reset': { as: TIER1, sample: () => ({ event: 'license-expiring', language: 'en' }) },
  'emailNotifications.sent.list': {
    as: TIER1,
    sample: (w, e) => ({
      limit: 1,
      filters: { from: day(-30), to: day(1), event: 'account-created', companyId: w.ownObject(e, 'mail').ownerId, recipient: 'example', status: 'queued' },
    }),
    ids: { 'filters.companyId': 'company' },
  },
  'emailNotifications.sent.get': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'mail', (o) => o.name.startsWith('now@')) }), ids: { id: 'mail' } },
  'emailNotifications.sent.resend': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'mail', (o) => o.name.startsWith('now@')) }), ids: { id: 'mail' } },
  'emailNotifications.scheduled.list': {
    as: TIER1,
    sample: (w, e) => ({ limit: 1, filters: { from: day(-1), to: day(60), event: 'account-created', companyId: w.ownObject(e, 'mail').ownerId, recipient: 'later' } }),
    ids: { 'filters.companyId': 'company' },
  },
  'emailNotifications.scheduled.sendNow': { as: TIER1, sample: (w, e) => ({ ids: [w.own(e, 'mail', (o) => o.name.startsWith('later@'))] }), ids: { 'ids.0': 'mail' }, last: true },
  'emailNotifications.scheduled.reschedule': {
    as: TIER1,
    sample: (w, e) => ({ ids: [w.own(e, 'mail', (o) => o.name.startsWith('later@'))], scheduledFor: day(10) }),
    ids: { 'ids.0': 'mail' },
  },

  'company.apiKeys.list': { as: TIER1, sample: () => ({ limit: 1, sort: { field: 'createdAt', direction: 'desc' }, filters: { status: 'active' } }) },
  'company.apiKeys.create': { as: TIER1, sample: () => ({ name: 'Probe key', scopes: ['usage:write'], expiresAt: day(30) }) },
  'company.apiKeys.revoke': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'apiKey') }), ids: { id: 'apiKey' }, last: true },
  'company.get': { as: TIER1, sample: () => undefined },
  'company.update': { as: TIER1, sample: () => companyProfile() },
  'company.accounts.list': {
    as: TIER1,
    sample: (w, e) => ({ companyId: accountTarget(w, e).companyId, limit: 1, sort: { field: 'name', direction: 'asc' }, filters: { query: 'a', role: 'admin' } }),
    ids: { companyId: 'company' },
  },
  'company.accounts.create': {
    as: TIER1,
    sample: (w, e) => ({
      companyId: accountTarget(w, e).companyId,
      name: 'Robin Probe',
      email: 'robin@probe-clinic.example',
      role: 'admin',
      phone: '+1 555 0142',
      language: 'en',
      timeZone: 'America/New_York',
      notifyAt: day(5),
    }),
    ids: { companyId: 'company' },
  },
  'company.accounts.update': {
    as: TIER1,
    sample: (w, e) => ({ ...accountTarget(w, e), name: 'Pat Probe', role: 'admin', phone: '', language: 'de', timeZone: 'Europe/Berlin' }),
    ids: { companyId: 'company', id: 'account' },
  },
  'company.accounts.disable': { as: TIER1, sample: (w, e) => accountTarget(w, e), ids: { companyId: 'company', id: 'account' }, last: true },
  'company.accounts.enable': { as: TIER1, sample: (w, e) => accountTarget(w, e), ids: { companyId: 'company', id: 'account' } },
  'company.accounts.sendPasswordReset': { as: TIER1, sample: (w, e) => accountTarget(w, e), ids: { companyId: 'company', id: 'account' } },

  'account.get': { as: TIER1, sample: () => undefined },
  'account.update': { as: TIER1, sample: () => ({ name: 'Northwind Admin', phone: '+1 555 0100' }) },
  'account.changePassword': { as: TIER1, sample: () => ({ currentPassword: 'keyway-demo', newPassword: 'keyway-demo' }) },
  'account.sessions.list': { as: TIER1, sample: () => undefined },
  'account.sessions.revoke': { as: TIER1, sample: (w, e) => ({ id: w.own(e, 'session', e) }), ids: { id: 'session' }, last: true },
};

function endpointEntries(area: 'dataCenters' | 'regionalServices', kind: IdKind): Record<string, ProbeEntry> {
  const base = `branding.${area}`;
  return {
    [`${base}.list`]: {
      as: TIER1,
      sample: () => ({ limit: 1, sort: { by: 'name', direction: 'asc' }, filters: { query: 'e', enabled: true, owned: false } }),
    },
    [`${base}.get`]: { as: TIER1, sample: (w, e) => ({ id: w.own(e, kind) }), ids: { id: kind } },
    [`${base}.create`]: {
      as: TIER1,
      sample: () => ({ code: `probe-${kind}`, name: 'Probe endpoint', region: 'us', endpoint: 'https://probe.example', enabled: true }),
    },
    [`${base}.update`]: {
      as: TIER1,
      sample: (w, e) => ({ id: w.own(e, kind, (o) => o.ownerId !== null), name: 'Renamed endpoint', region: 'eu' }),
      ids: { id: kind },
    },
    [`${base}.setEnabled`]: { as: TIER1, sample: (w, e) => ({ id: w.own(e, kind, (o) => o.ownerId !== null), enabled: false }), ids: { id: kind }, last: true },
  };
}
