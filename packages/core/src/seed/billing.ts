import { eq, sql } from 'drizzle-orm';
import { billingReports, companies, products, usageReports, type Db } from '@keyway/db';
import { addDays, today } from '../dates.ts';
import { applyPromoCode, completeBillingReport, createBillingReports, returnBillingReport, setPurchaseOrder, submitBillingReport } from '../billing-reports/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { createPromoCode, setBillingCurrency, setMargin, setPrice } from '../price-lists/index.ts';
import { cycleStart, previousCycle, shiftCycle } from '../usage-reports/index.ts';
import { actorOf } from './usage-reports.ts';

/** List prices per product and unit type, in cents: USD, then EUR. */
const PRICES: Record<string, Record<string, [string, string]>> = {
  CE: { mailbox: ['2.40', '2.20'] },
  EP: { device: ['3.75', '3.45'], user: ['5.10', '4.70'] },
  WG: { user: ['1.95', '1.80'] },
  SS: { server: ['18.00', '16.50'] },
  BK: { device: ['2.85', '2.60'], mailbox: ['0.95', '0.89'] },
};

/**
 * The vendor's price list: every product in USD and EUR since two cycles before the last, and a
 * rise from the current month on (so past cycles are billed at the older prices); Northwind billed
 * in USD with a 20 % margin (25 % on Endpoint Protection), Contoso in EUR with 15 %; a valid promo
 * code for a higher margin and an expired one for a lower price. Made through the functions the
 * Price Lists page calls. Runs once: nothing happens when prices exist.
 */
export async function seedPriceList(db: Db, day = today()): Promise<void> {
  const [priced] = await db.execute<{ n: number }>(sql`select count(*)::int as n from unit_prices`);
  if (priced!.n > 0) return;
  const vendor = await actorOf(db, 'billing-manager@keyway.example');
  const since = cycleStart(shiftCycle(previousCycle(day), -2));
  const rise = cycleStart(day.slice(0, 7));
  const catalog = await db.select({ id: products.id, code: products.code }).from(products);
  const idOf = new Map(catalog.map((p) => [p.code, p.id]));
  for (const [code, units] of Object.entries(PRICES)) {
    for (const [unitType, [usd, eur]] of Object.entries(units)) {
      const productId = idOf.get(code)!;
      await setPrice(db, vendor, { productId, unitType, currency: 'USD', unitPrice: usd, effectiveFrom: since });
      await setPrice(db, vendor, { productId, unitType, currency: 'EUR', unitPrice: eur, effectiveFrom: since });
      await setPrice(db, vendor, { productId, unitType, currency: 'USD', unitPrice: raised(usd), effectiveFrom: rise });
      await setPrice(db, vendor, { productId, unitType, currency: 'EUR', unitPrice: raised(eur), effectiveFrom: rise });
    }
  }
  const northwind = await companyId(db, 'northwind-distribution');
  const contoso = await companyId(db, 'contoso-networks');
  await setBillingCurrency(db, vendor, { companyId: northwind, currency: 'USD' });
  await setBillingCurrency(db, vendor, { companyId: contoso, currency: 'EUR' });
  await setMargin(db, vendor, { companyId: northwind, productId: null, margin: '20', effectiveFrom: since });
  await setMargin(db, vendor, { companyId: northwind, productId: idOf.get('EP')!, margin: '25', effectiveFrom: since });
  await setMargin(db, vendor, { companyId: contoso, productId: null, margin: '15', effectiveFrom: since });
  await createPromoCode(db, vendor, {
    code: 'PARTNER-BOOST',
    description: 'Channel push: up to 30 % margin on Cloud Email Security and Endpoint Protection.',
    allows: 'margin',
    bound: '30',
    channelIds: [northwind, contoso],
    productIds: [idOf.get('CE')!, idOf.get('EP')!],
    validFrom: since,
    validUntil: addDays(day, 90),
  });
  await createPromoCode(db, vendor, {
    code: 'SUMMER-DEAL',
    description: 'Summer campaign: up to 10 % off the list price of Web Gateway.',
    allows: 'unit_price',
    bound: '10',
    channelIds: [northwind, contoso],
    productIds: [idOf.get('WG')!],
    validFrom: addDays(since, -120),
    validUntil: addDays(since, -1),
  });
}

/** A price 5 % higher, in the same decimals. */
function raised(price: string): string {
  const [whole, fraction] = price.split('.');
  const cents = BigInt(whole!) * 100n + BigInt(fraction!);
  const up = (cents * 105n + 50n) / 100n;
  return `${up / 100n}.${(up % 100n).toString().padStart(2, '0')}`;
}

/**
 * Bills in every status for the cycle before last (whose usage reports the usage report seed
 * approved), made by the billing run and the functions the console calls, so each has its
 * history: Northwind's own is a draft, Bluefin's submitted to the vendor with a promo code on a
 * line, Summit's completed, Contoso's own returned by the vendor with a comment. The last cycle is
 * left unbilled for a run. Runs once: nothing happens when the cycle has bills.
 */
export async function seedBillingReports(db: Db, jobs: JobQueue, day = today()): Promise<void> {
  await seedPriceList(db, day);
  const cycle = shiftCycle(previousCycle(day), -1);
  const [billed] = await db.select({ id: billingReports.id }).from(billingReports).where(eq(billingReports.cycle, cycleStart(cycle))).limit(1);
  if (billed) return;
  await createBillingReports(db, { cycle });
  const bills = await db
    .select({ id: billingReports.id, companyId: billingReports.companyId })
    .from(billingReports)
    .innerJoin(usageReports, eq(usageReports.id, billingReports.usageReportId))
    .where(eq(billingReports.cycle, cycleStart(cycle)));
  const billOf = async (accountName: string) => {
    const id = await companyId(db, accountName);
    const bill = bills.find((b) => b.companyId === id);
    if (!bill) throw new Error(`The demo usage report of ${accountName} for ${cycle} is not approved: seed the usage reports first.`);
    return bill.id;
  };
  const northwind = await actorOf(db, 'billing-manager@northwind-distribution.example');
  const contoso = await actorOf(db, 'billing-manager@contoso-networks.example');
  const vendor = await actorOf(db, 'admin@keyway.example');
  const cycleName = cycle.replace('-', '');

  const draft = await billOf('northwind-distribution');
  await setPurchaseOrder(db, northwind, { reportId: draft, purchaseOrder: `NW-${cycleName}-001` });

  const submitted = await billOf('bluefin-it');
  await setPurchaseOrder(db, northwind, { reportId: submitted, purchaseOrder: `NW-${cycleName}-002` });
  const [promoLine] = await db.execute<{ id: string }>(sql`
    select l.id from billing_report_lines l join products p on p.id = l.product_id
    where l.report_id = ${submitted}::uuid and p.code in ('CE', 'EP') and l.unit_price_minor is not null
    order by l.chargeable desc, l.id limit 1`);
  if (promoLine) await applyPromoCode(db, northwind, { reportId: submitted, lineId: promoLine.id, code: 'PARTNER-BOOST', margin: '27.5' }, day);
  await submitBillingReport(db, northwind, { reportId: submitted, comment: 'Promo code agreed with the channel team.' });

  const completed = await billOf('summit-msp');
  await setPurchaseOrder(db, contoso, { reportId: completed, purchaseOrder: `CN-${cycleName}-17` });
  await submitBillingReport(db, contoso, { reportId: completed });
  await completeBillingReport(db, jobs, vendor, { reportId: completed });

  const returned = await billOf('contoso-networks');
  await setPurchaseOrder(db, contoso, { reportId: returned, purchaseOrder: `CN-${cycleName}-18` });
  await submitBillingReport(db, contoso, { reportId: returned });
  await returnBillingReport(db, jobs, vendor, {
    reportId: returned,
    comment: `PO CN-${cycleName}-18 is already used on the Summit bill of this cycle: enter the PO issued for your direct customers.`,
  });
}

async function companyId(db: Db, accountName: string): Promise<string> {
  const [row] = await db.select({ id: companies.id }).from(companies).where(eq(companies.accountName, accountName));
  if (!row) throw new Error(`The demo company ${accountName} is missing: seed the demo data first.`);
  return row.id;
}

