import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import ExcelJS from 'exceljs';
import { billingReportEvents, billingReports, emailMessages, usageReports, type Company } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { billingRun, createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { runBilling, pricedOnOf, type BillingLineView } from '@keyway/core/billing-reports';
import { formatMinor, lineAmountMinor, parseBps, parseMinor } from '@keyway/core/price-lists';
import { seedPriceList, seedUsageReports } from '@keyway/core/seed';
import { companyByAccount, createSeededDb, workQueuedJobs } from '@keyway/core/testing';
import { addDays, today } from '@keyway/core/dates';
import { cycleOf, cycleStart, previousCycle, shiftCycle } from '@keyway/core/usage-reports';
import { downloadExport } from '../exports.ts';
import { callerAs, signedInAs, testContext } from '../testing/callers.ts';

let t: TestDb;
let jobs: JobQueue;
let northwind: Company;
let contoso: Company;
let bluefin: Company;
let summit: Company;
/** Bluefin's customers hold Endpoint Protection: its lines are what the price and promo tests change. */
let ep: { id: string; unitType: string };
const cycle = shiftCycle(previousCycle(), -1);
const pricedOn = pricedOnOf(cycle);

let ipCount = 0;
const as = (email: string) => callerAs(t.db, email, { jobs, ip: `10.8.0.${++ipCount % 250}` });
const TIER1 = 'billing-manager@northwind-distribution.example';
const CONTOSO = 'billing-manager@contoso-networks.example';
const VENDOR = 'admin@keyway.example';
const VENDOR_BILLING = 'billing-manager@keyway.example';

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/** Works the queued billing.run jobs through pg-boss, as the worker does. */
const workRuns = () => workQueuedJobs(t.url, billingRun, (payload) => runBilling(t.db, jobs, payload));

async function billOf(company: Company) {
  const [row] = await t.db
    .select()
    .from(billingReports)
    .where(and(eq(billingReports.companyId, company.id), eq(billingReports.cycle, cycleStart(cycle))));
  return row!;
}

const minor = (text: string | null, currency = 'USD') => (text === null ? null : parseMinor(text, currency));
const sumOf = (lines: BillingLineView[]) => formatMinor(lines.reduce((sum, l) => sum + minor(l.amount)!, 0n), 'USD');

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  await seedUsageReports(t.db, jobs);
  await seedPriceList(t.db);
  northwind = await companyByAccount(t.db, 'northwind-distribution');
  contoso = await companyByAccount(t.db, 'contoso-networks');
  bluefin = await companyByAccount(t.db, 'bluefin-it');
  summit = await companyByAccount(t.db, 'summit-msp');
  const [line] = await t.db.execute<{ id: string; unitType: string }>(sql`
    select distinct p.id, l.unit_type as "unitType" from usage_report_lines l join products p on p.id = l.product_id
    join usage_reports r on r.id = l.report_id
    where r.company_id = ${bluefin.id}::uuid and r.cycle = ${cycleStart(cycle)}::date and p.code = 'EP'`);
  ep = line!;
}, 120_000);
afterAll(async () => {
  await jobs?.stop();
  await t?.drop();
});

describe('billingReports.run', () => {
  it('refuses a cycle that is not over, and a cycle without approved reports', async () => {
    const tier1 = await as(TIER1);
    const current = await errorOf(tier1.billingReports.run({ cycle: cycleOf(today()) }));
    expect(current).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('has not ended yet') });
    const early = await errorOf(tier1.billingReports.run({ cycle: '2020-01' }));
    expect(early).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('No usage report of 2020-01 is approved') });
  });

  it('drafts the tier-1’s bills through billing.run, priced with what is in effect on the cycle’s last day', async () => {
    const vendor = await as(VENDOR_BILLING);
    const price = (unitPrice: string, effectiveFrom: string) =>
      vendor.priceLists.setPrice({ productId: ep.id, unitType: ep.unitType, currency: 'USD', unitPrice, effectiveFrom });
    // The day before the last, the last day itself, and the day after: the last day's price applies.
    await price('7.00', addDays(pricedOn, -1));
    await price('9.99', pricedOn);
    await price('50.00', addDays(pricedOn, 1));

    const queued = await (await as(TIER1)).billingReports.run({ cycle });
    expect(queued).toMatchObject({ cycle, pending: 2, jobId: expect.any(String) });
    await (await as(CONTOSO)).billingReports.run({ cycle });
    expect(await workRuns()).toBe(2);

    const list = await (await as(TIER1)).billingReports.list({ sort: { by: 'company', direction: 'asc' } });
    expect(list.items.map((b) => [b.companyName, b.status, b.currency])).toEqual([
      ['Bluefin IT Services', 'draft', 'USD'],
      ['Northwind Distribution', 'draft', 'USD'],
    ]);
    const bill = await (await as(TIER1)).billingReports.get({ reportId: list.items[0]!.id });
    expect(bill).toMatchObject({ cycle, pricedOn, canEdit: true, canReview: false, unpricedLines: 0 });
    const epLines = bill.lines.filter((l) => l.productCode === 'EP' && l.unitType === ep.unitType);
    expect(epLines.length).toBeGreaterThan(0);
    // Endpoint Protection at Northwind's 25 % margin for it; anything else at its 20 % default.
    for (const line of epLines) expect(line).toMatchObject({ listUnitPrice: '9.99', unitPrice: '9.99', margin: '25.00', promoCode: null });
    for (const line of bill.lines.filter((l) => l.productCode !== 'EP')) expect(line.margin).toBe('20.00');
    for (const line of bill.lines) {
      expect(line.amount).toBe(formatMinor(lineAmountMinor(line.chargeable, minor(line.unitPrice)!, parseBps(line.margin)), 'USD'));
    }
    expect(bill.total).toBe(sumOf(bill.lines));

    // Contoso is billed in EUR at its own margin.
    const contosoBill = await (await as(CONTOSO)).billingReports.get({ reportId: (await billOf(summit)).id });
    expect(contosoBill).toMatchObject({ currency: 'EUR', companyName: 'Summit Managed Services' });
    expect(contosoBill.lines.every((l) => l.margin === '15.00')).toBe(true);

    // A second run drafts nothing.
    expect((await (await as(TIER1)).billingReports.run({ cycle })).pending).toBe(0);
    await workRuns();
    expect((await (await as(TIER1)).billingReports.list({})).total).toBe(2);
  });

  it('mails the tier-1’s billing manager that each bill is ready', async () => {
    const mails = await t.db.select().from(emailMessages).where(eq(emailMessages.event, 'billing-report-ready')).orderBy(asc(emailMessages.createdAt));
    expect(mails.map((m) => m.recipientEmail).sort()).toEqual([CONTOSO, CONTOSO, TIER1, TIER1]);
    expect(mails.find((m) => m.recipientEmail === TIER1)!.subject).toMatch(new RegExp(`Billing report ${cycle} for .* is ready`));
  });
});

describe('billingReports.applyPromoCode', () => {
  it('refuses an unknown, expired, other tier-1’s or uncovering code with the reason, and changes nothing', async () => {
    const vendor = await as(VENDOR_BILLING);
    const [wg] = await t.db.execute<{ id: string }>(sql`select id from products where code = 'WG'`);
    await vendor.promoCodes.create({
      code: 'contoso-only',
      allows: 'margin',
      bound: '40',
      channelIds: [contoso.id],
      productIds: [ep.id],
      validFrom: addDays(today(), -10),
      validUntil: addDays(today(), 10),
    });
    await vendor.promoCodes.create({
      code: 'WG-ONLY',
      allows: 'margin',
      bound: '40',
      channelIds: [northwind.id],
      productIds: [wg!.id],
      validFrom: addDays(today(), -10),
      validUntil: addDays(today(), 10),
    });
    const tier1 = await as(TIER1);
    const bill = await tier1.billingReports.get({ reportId: (await billOf(bluefin)).id });
    const line = bill.lines.find((l) => l.productId === ep.id)!;
    const attempt = (code: string, extra: object = {}) => errorOf(tier1.billingReports.applyPromoCode({ reportId: bill.id, lineId: line.id, code, ...extra }));
    expect(await attempt('NO-SUCH-CODE')).toMatchObject({ code: 'BAD_REQUEST', message: 'There is no promo code NO-SUCH-CODE. Check the code with the vendor.' });
    expect(await attempt('summer-deal')).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^The promo code SUMMER-DEAL expired on \d{4}-\d\d-\d\d\.$/) });
    expect(await attempt('CONTOSO-ONLY')).toMatchObject({ code: 'BAD_REQUEST', message: 'The promo code CONTOSO-ONLY is not valid for your account.' });
    expect(await attempt('WG-ONLY')).toMatchObject({ code: 'BAD_REQUEST', message: 'The promo code WG-ONLY does not cover this product.' });
    expect(await attempt('PARTNER-BOOST', { margin: '30.01' })).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'With PARTNER-BOOST the margin may be from 25.00 % to 30.00 %.',
    });
    expect(await attempt('PARTNER-BOOST', { unitPrice: '1.00' })).toMatchObject({ code: 'BAD_REQUEST', message: 'PARTNER-BOOST allows a margin, not a unit price.' });
    const after = await tier1.billingReports.get({ reportId: bill.id });
    expect(after.lines).toEqual(bill.lines);
    expect(after.total).toBe(bill.total);
  });

  it('a valid code makes the line’s margin editable within its bound; the amount and total follow; removing it puts the list back', async () => {
    const tier1 = await as(TIER1);
    const reportId = (await billOf(bluefin)).id;
    const before = await tier1.billingReports.get({ reportId });
    const line = before.lines.find((l) => l.productId === ep.id)!;
    const specified = await tier1.billingReports.applyPromoCode({ reportId, lineId: line.id, code: 'partner-boost' });
    expect(specified).toMatchObject({ promoCode: { code: 'PARTNER-BOOST', allows: 'margin', limit: '30.00' }, margin: '25.00', amount: line.amount });
    const edited = await tier1.billingReports.applyPromoCode({ reportId, lineId: line.id, code: 'PARTNER-BOOST', margin: '27.5' });
    expect(edited).toMatchObject({ margin: '27.50', listMargin: '25.00', amount: formatMinor(lineAmountMinor(line.chargeable, 999n, 2750), 'USD') });
    const bill = await tier1.billingReports.get({ reportId });
    expect(bill.total).toBe(sumOf(bill.lines));

    const removed = await tier1.billingReports.applyPromoCode({ reportId, lineId: line.id, code: null });
    expect(removed).toMatchObject({ promoCode: null, margin: '25.00', amount: line.amount });
    expect((await tier1.billingReports.get({ reportId })).total).toBe(before.total);
  });

  it('a unit-price code lets the price go down to the list price less its bound, no lower', async () => {
    const vendor = await as(VENDOR_BILLING);
    await vendor.promoCodes.create({
      code: 'EP-PRICE',
      allows: 'unit_price',
      bound: '10',
      channelIds: [northwind.id],
      productIds: [ep.id],
      validFrom: addDays(today(), -1),
      validUntil: today(),
    });
    const tier1 = await as(TIER1);
    const reportId = (await billOf(bluefin)).id;
    const line = (await tier1.billingReports.get({ reportId })).lines.find((l) => l.productId === ep.id)!;
    // 9.99 less 10 % is 8.991: the lowest price is 9.00 (rounded up, so the discount stays within 10 %).
    expect(await errorOf(tier1.billingReports.applyPromoCode({ reportId, lineId: line.id, code: 'EP-PRICE', unitPrice: '8.99' }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'With EP-PRICE the unit price may be from 9.00 to 9.99 USD.',
    });
    expect(await errorOf(tier1.billingReports.applyPromoCode({ reportId, lineId: line.id, code: 'EP-PRICE', unitPrice: '9.001' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const priced = await tier1.billingReports.applyPromoCode({ reportId, lineId: line.id, code: 'EP-PRICE', unitPrice: '9.00' });
    expect(priced).toMatchObject({ unitPrice: '9.00', listUnitPrice: '9.99', promoCode: { code: 'EP-PRICE', limit: '9.00' } });
    expect(priced.amount).toBe(formatMinor(lineAmountMinor(line.chargeable, 900n, 2500), 'USD'));
  });

  it('reset prices and margins puts every line back to the price list', async () => {
    const tier1 = await as(TIER1);
    const reportId = (await billOf(bluefin)).id;
    const reset = await tier1.billingReports.resetPrices({ reportId });
    const bill = await tier1.billingReports.get({ reportId });
    expect(bill.lines.every((l) => l.promoCode === null && l.unitPrice === l.listUnitPrice && l.margin === l.listMargin)).toBe(true);
    expect(reset.total).toBe(bill.total);
    expect(bill.total).toBe(sumOf(bill.lines));
  });
});

describe('billingReports transitions', () => {
  it('needs the PO number to submit (400 with a message), then submits with a comment; the vendor then sees it', async () => {
    const tier1 = await as(TIER1);
    const reportId = (await billOf(bluefin)).id;
    expect((await (await as(VENDOR)).billingReports.list({})).total).toBe(0);
    expect(await errorOf(tier1.billingReports.submit({ reportId }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Enter the PO number before submitting the billing report to the vendor.',
    });
    expect(await errorOf(tier1.billingReports.setPurchaseOrder({ reportId, purchaseOrder: '  ' }))).toMatchObject({ code: 'BAD_REQUEST' });
    await tier1.billingReports.setPurchaseOrder({ reportId, purchaseOrder: 'PO-4711' });
    expect(await tier1.billingReports.submit({ reportId, comment: 'As agreed on the phone' })).toEqual({ id: reportId, status: 'submitted_to_vendor' });

    const intake = await (await as(VENDOR)).billingReports.list({ filters: { channelId: northwind.id, cycle, status: 'submitted_to_vendor', currency: 'USD' } });
    expect(intake.items.map((b) => [b.id, b.channelName, b.purchaseOrder])).toEqual([[reportId, 'Northwind Distribution', 'PO-4711']]);
    const seen = await (await as(VENDOR)).billingReports.get({ reportId });
    expect(seen).toMatchObject({ canReview: true, canEdit: false, submitComment: 'As agreed on the phone' });
  });

  it('refuses every change of a submitted bill with a 409 that says why', async () => {
    const tier1 = await as(TIER1);
    const reportId = (await billOf(bluefin)).id;
    const line = (await tier1.billingReports.get({ reportId })).lines[0]!;
    for (const call of [
      () => tier1.billingReports.submit({ reportId }),
      () => tier1.billingReports.setPurchaseOrder({ reportId, purchaseOrder: 'PO-2' }),
      () => tier1.billingReports.resetPrices({ reportId }),
      () => tier1.billingReports.applyPromoCode({ reportId, lineId: line.id, code: null }),
    ]) {
      expect(await errorOf(call())).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/submitted to (the )?vendor/) });
    }
  });

  it('a price change after submission changes nothing submitted', async () => {
    const before = await (await as(TIER1)).billingReports.get({ reportId: (await billOf(bluefin)).id });
    const vendor = await as(VENDOR_BILLING);
    await vendor.priceLists.setPrice({ productId: ep.id, unitType: ep.unitType, currency: 'USD', unitPrice: '99.00', effectiveFrom: pricedOn });
    await vendor.priceLists.setMargin({ companyId: northwind.id, productId: null, margin: '5', effectiveFrom: addDays(pricedOn, -3) });
    const after = await (await as(TIER1)).billingReports.get({ reportId: before.id });
    expect(after.lines).toEqual(before.lines);
    expect(after.total).toBe(before.total);
  });

  it('the vendor returns it with a comment; the tier-1 corrects it (back to draft) and submits again; the vendor completes it', async () => {
    const tier1 = await as(TIER1);
    const vendor = await as(VENDOR);
    const reportId = (await billOf(bluefin)).id;
    expect(await errorOf(vendor.billingReports.return({ reportId, comment: '' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await errorOf(tier1.billingReports.complete({ reportId }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await vendor.billingReports.return({ reportId, comment: 'PO-4711 is closed: use the PO of this quarter.' })).toEqual({ id: reportId, status: 'returned_by_vendor' });
    expect(await errorOf(vendor.billingReports.complete({ reportId }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already returned') });
    expect(await errorOf(tier1.billingReports.submit({ reportId }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('returned') });

    expect(await tier1.billingReports.setPurchaseOrder({ reportId, purchaseOrder: 'PO-4712' })).toMatchObject({ status: 'draft' });
    expect(await errorOf(vendor.billingReports.complete({ reportId }))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('draft') });
    await tier1.billingReports.submit({ reportId, comment: 'New PO' });
    expect(await vendor.billingReports.complete({ reportId, comment: 'Invoiced' })).toEqual({ id: reportId, status: 'completed' });
    for (const call of [() => vendor.billingReports.complete({ reportId }), () => vendor.billingReports.return({ reportId, comment: 'No' })]) {
      expect(await errorOf(call())).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already completed') });
    }
    expect(await errorOf(tier1.billingReports.setPurchaseOrder({ reportId, purchaseOrder: 'PO-9' }))).toMatchObject({ code: 'CONFLICT' });

    const history = await tier1.billingReports.history({ reportId });
    expect(history.map((e) => e.action)).toEqual([
      'drafted',
      'promo_code_applied',
      'promo_code_applied',
      'promo_code_removed',
      'promo_code_applied',
      'prices_reset',
      'purchase_order_set',
      'submitted',
      'returned',
      'reopened',
      'purchase_order_set',
      'submitted',
      'completed',
    ]);
    expect(history.find((e) => e.action === 'returned')).toMatchObject({ actorCompanyName: 'Keyway', comment: 'PO-4711 is closed: use the PO of this quarter.' });
    const mails = await t.db.select({ event: emailMessages.event, to: emailMessages.recipientEmail }).from(emailMessages).where(sql`${emailMessages.event} in ('billing-report-returned', 'billing-report-completed')`);
    expect(mails.sort((a, b) => a.event.localeCompare(b.event))).toEqual([
      { event: 'billing-report-completed', to: TIER1 },
      { event: 'billing-report-returned', to: TIER1 },
    ]);
  });

  it('the MSP’s usage report reads completed once its bill is', async () => {
    const [report] = await t.db.select().from(usageReports).where(and(eq(usageReports.companyId, bluefin.id), eq(usageReports.cycle, cycleStart(cycle))));
    const seen = await (await as('admin@bluefin-it.example')).usageReports.get({ reportId: report!.id });
    expect(seen).toMatchObject({ status: 'approved', completedAt: expect.any(Date) });
    const listed = await (await as('admin@bluefin-it.example')).usageReports.list({ filters: { cycle } });
    expect(listed.items[0]!.completedAt).toEqual(seen.completedAt);
    const own = await (await as(TIER1)).usageReports.list({ filters: { cycle, companyId: northwind.id } });
    expect(own.items[0]!.completedAt).toBeNull();
    // The export says so too.
    const file = await downloadExport(testContext(t.db, await signedInAs(t.db, 'admin@bluefin-it.example')), 'usage-reports', new URLSearchParams(`format=csv&cycle=${cycle}`));
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    const [, row] = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(row!.split(',').slice(0, 3)).toEqual([cycle, 'Bluefin IT Services', 'Completed']);
  });

  it('a completion and a return at once: one wins, the other is told what happened', async () => {
    const contosoCaller = await as(CONTOSO);
    const reportId = (await billOf(summit)).id;
    await contosoCaller.billingReports.setPurchaseOrder({ reportId, purchaseOrder: 'CN-1' });
    await contosoCaller.billingReports.submit({ reportId });
    const [complete, ret] = await Promise.allSettled([
      (await as(VENDOR)).billingReports.complete({ reportId }),
      (await as(VENDOR_BILLING)).billingReports.return({ reportId, comment: 'Wrong PO' }),
    ]);
    const outcomes = [complete, ret].map((o) => o.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const loser = [complete, ret].find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already (completed|returned)/) });
    const [row] = await t.db.select().from(billingReports).where(eq(billingReports.id, reportId));
    expect(row!.status).toBe(complete.status === 'fulfilled' ? 'completed' : 'returned_by_vendor');
    const decisions = await t.db
      .select({ action: billingReportEvents.action })
      .from(billingReportEvents)
      .where(and(eq(billingReportEvents.reportId, reportId), sql`${billingReportEvents.action} in ('completed', 'returned')`));
    expect(decisions).toHaveLength(1);
  });
});

describe('billingReports without a price', () => {
  it('a product without a price in the bill’s currency leaves its lines unpriced, refused at submission until the vendor prices it and the prices are reset', async () => {
    const contosoCaller = await as(CONTOSO);
    const vendor = await as(VENDOR_BILLING);
    const reportId = (await billOf(contoso)).id;
    const bill = await contosoCaller.billingReports.get({ reportId });
    const line = bill.lines[0]!;
    const prices = (await vendor.priceLists.list({ filters: { currency: 'EUR', productId: line.productId } })).filter((p) => p.unitType === line.unitType);
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) await vendor.priceLists.deletePrice({ priceId: price.id });

    await contosoCaller.billingReports.resetPrices({ reportId });
    const unpriced = await contosoCaller.billingReports.get({ reportId });
    const affected = unpriced.lines.filter((l) => l.productId === line.productId && l.unitType === line.unitType);
    expect(affected.every((l) => l.unitPrice === null && l.amount === null)).toBe(true);
    expect(unpriced.unpricedLines).toBe(affected.length);
    expect(unpriced.total).toBe(formatMinor(unpriced.lines.reduce((sum, l) => sum + (minor(l.amount, 'EUR') ?? 0n), 0n), 'EUR'));
    await contosoCaller.billingReports.setPurchaseOrder({ reportId, purchaseOrder: 'CN-OWN-1' });
    expect(await errorOf(contosoCaller.billingReports.submit({ reportId }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`no price in EUR (${line.productCode})`),
    });
    expect(await errorOf(contosoCaller.billingReports.applyPromoCode({ reportId, lineId: affected[0]!.id, code: 'PARTNER-BOOST' }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('no list price'),
    });

    const priceable = await vendor.priceLists.products();
    expect(priceable.find((p) => p.id === line.productId)).toMatchObject({ code: line.productCode, unitTypes: expect.arrayContaining([line.unitType]) });
    await vendor.priceLists.setPrice({ productId: line.productId, unitType: line.unitType, currency: 'EUR', unitPrice: '3.10', effectiveFrom: addDays(pricedOn, -30) });
    await contosoCaller.billingReports.resetPrices({ reportId });
    const priced = await contosoCaller.billingReports.get({ reportId });
    expect(priced.unpricedLines).toBe(0);
    for (const l of priced.lines.filter((x) => x.productId === line.productId && x.unitType === line.unitType)) {
      expect(l).toMatchObject({ unitPrice: '3.10', amount: formatMinor(lineAmountMinor(l.chargeable, 310n, 1500), 'EUR') });
    }
  });
});

describe('billingReports summary and exports', () => {
  it('counts the cycle’s bills per status and totals them per currency', async () => {
    const vendorSummary = await (await as(VENDOR)).billingReports.summary({});
    expect(vendorSummary.cycle).toBe(cycle);
    expect(vendorSummary.counts.draft + vendorSummary.counts.submitted_to_vendor).toBe(0);
    expect(vendorSummary.counts.completed + vendorSummary.counts.returned_by_vendor).toBe(2);
    expect(vendorSummary.totals.map((x) => x.currency)).toEqual(['EUR', 'USD']);
    const tier1Summary = await (await as(TIER1)).billingReports.summary({ cycle });
    expect(tier1Summary.counts).toEqual({ draft: 1, submitted_to_vendor: 0, completed: 1, returned_by_vendor: 0 });
    const bills = await (await as(TIER1)).billingReports.list({ filters: { cycle } });
    expect(tier1Summary.totals).toEqual([{ currency: 'USD', reports: 2, total: formatMinor(bills.items.reduce((s, b) => s + minor(b.total)!, 0n), 'USD') }]);
  });

  it('exports a bill’s lines to XLSX with decimal amounts and the currency in its own column, summing to the total', async () => {
    const me = await signedInAs(t.db, TIER1);
    const reportId = (await billOf(bluefin)).id;
    const bill = await (await as(TIER1)).billingReports.get({ reportId });
    const prepared = await (await as(TIER1)).billingReports.exportLines({ format: 'xlsx', filters: { reportId } });
    expect(prepared).toMatchObject({ rows: bill.lines.length, url: expect.stringMatching(/^\/api\/exports\/billing-report-lines\?format=xlsx&reportId=/) });
    const file = await downloadExport(testContext(t.db, me), 'billing-report-lines', new URLSearchParams(prepared.url.split('?')[1]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(file.stream);
    const sheet = workbook.getWorksheet('Billing report')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const amount = header.indexOf('Amount') + 1;
    const currency = header.indexOf('Currency') + 1;
    let total = 0n;
    for (let r = 2; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      expect(row.getCell(currency).value).toBe('USD');
      total += parseMinor(String(row.getCell(amount).value), 'USD');
    }
    expect(sheet.rowCount - 1).toBe(bill.lines.length);
    expect(formatMinor(total, 'USD')).toBe(bill.total);

    const list = await (await as(VENDOR)).billingReports.export({ format: 'csv', filters: { cycle } });
    expect(list.rows).toBe(2);
  });
});

describe('billingReports tenancy and privileges', () => {
  it('answers another channel’s bill and line ids as ids that exist nowhere, on every procedure', async () => {
    const other = await as('admin@contoso-networks.example');
    const foreign = (await billOf(northwind)).id;
    const own = (await billOf(contoso)).id;
    const foreignLine = (await (await as(TIER1)).billingReports.get({ reportId: foreign })).lines[0]!.id;
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => other.billingReports.get({ reportId: foreign })],
      ['history', () => other.billingReports.history({ reportId: foreign })],
      ['setPurchaseOrder', () => other.billingReports.setPurchaseOrder({ reportId: foreign, purchaseOrder: 'X' })],
      ['applyPromoCode', () => other.billingReports.applyPromoCode({ reportId: foreign, lineId: foreignLine, code: null })],
      ['applyPromoCode line', () => other.billingReports.applyPromoCode({ reportId: own, lineId: foreignLine, code: null })],
      ['resetPrices', () => other.billingReports.resetPrices({ reportId: foreign })],
      ['submit', () => other.billingReports.submit({ reportId: foreign })],
      ['exportLines', () => other.billingReports.exportLines({ format: 'csv', filters: { reportId: foreign } })],
      ['list partner', () => other.billingReports.list({ filters: { companyId: bluefin.id } })],
      ['list channel', () => other.billingReports.list({ filters: { channelId: northwind.id } })],
      ['export', () => other.billingReports.export({ format: 'csv', filters: { companyId: bluefin.id } })],
      ['margins', () => other.priceLists.margins({ companyId: northwind.id })],
    ];
    for (const [name, call] of calls) expect([name, (await errorOf(call())).code]).toEqual([name, 'NOT_FOUND']);
    // The vendor never sees a draft that was never submitted to it.
    expect((await errorOf((await as(VENDOR)).billingReports.get({ reportId: foreign }))).code).toBe('NOT_FOUND');
  });

  it('refuses MSPs, resellers and customers billing, price lists and promo codes (FORBIDDEN), and tier-1s the vendor’s side', async () => {
    const reportId = (await billOf(bluefin)).id;
    for (const email of ['admin@bluefin-it.example', 'billing-manager@bluefin-it.example', 'admin@harbor-resellers.example', 'admin@acme-dental.example']) {
      const caller = await as(email);
      const calls = [
        () => caller.billingReports.list({}),
        () => caller.billingReports.get({ reportId }),
        () => caller.billingReports.summary({}),
        () => caller.billingReports.run({ cycle }),
        () => caller.billingReports.submit({ reportId }),
        () => caller.billingReports.complete({ reportId }),
        () => caller.billingReports.exportLines({ format: 'csv', filters: { reportId } }),
        () => caller.priceLists.list({}),
        () => caller.priceLists.margins({}),
        () => caller.promoCodes.list({}),
      ];
      for (const call of calls) expect([email, (await errorOf(call())).code]).toEqual([email, 'FORBIDDEN']);
    }
    const tier1 = await as(TIER1);
    for (const call of [
      () => tier1.promoCodes.list({}),
      () => tier1.priceLists.products(),
      () => tier1.priceLists.setCurrency({ companyId: northwind.id, currency: 'EUR' }),
      () => tier1.billingReports.return({ reportId, comment: 'x' }),
    ]) {
      expect((await errorOf(call())).code).toBe('FORBIDDEN');
    }
    const support = await as('support-engineer@northwind-distribution.example');
    expect((await support.billingReports.list({})).total).toBe(2);
    expect((await errorOf(support.billingReports.setPurchaseOrder({ reportId, purchaseOrder: 'X' }))).code).toBe('FORBIDDEN');
  });

  it('shows a tier-1 its own prices (its currency), margins and currency, read-only', async () => {
    const tier1 = await as(TIER1);
    const prices = await tier1.priceLists.list({});
    expect(prices.length).toBeGreaterThan(0);
    expect(new Set(prices.map((p) => p.currency))).toEqual(new Set(['USD']));
    expect(await tier1.priceLists.list({ filters: { currency: 'EUR' } })).toEqual([]);
    const margins = await tier1.priceLists.margins({});
    expect(new Set(margins.map((m) => m.companyName))).toEqual(new Set(['Northwind Distribution']));
    expect(await tier1.priceLists.accounts()).toEqual([{ companyId: northwind.id, companyName: 'Northwind Distribution', currency: 'USD', isDefault: false }]);
  });
});
