import { sql } from 'drizzle-orm';
import type { SignedIn } from '@keyway/core/auth';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { createSeededDb } from '@keyway/core/testing';
import { runKeyBatch } from '@keyway/core/registration-keys';
import { cycleOf, prepareUsageReports } from '@keyway/core/usage-reports';
import { seedBillingReports, seedUsageReports } from '@keyway/core/seed';
import type { TestDb } from '@keyway/db/testing';
import type { ApiCaller } from '@keyway/api';
import { callerFor, signedInAs } from '@keyway/api/testing';

/** The kinds of object an input field can name by id; the probe picks foreign ones of the same kind. */
export type IdKind =
  | 'product'
  | 'customer'
  | 'partner'
  | 'company'
  | 'account'
  | 'license'
  | 'plan'
  | 'dataCenter'
  | 'regionalService'
  | 'legalDocument'
  | 'licenseRequest'
  | 'batch'
  | 'key'
  | 'keyCode'
  | 'mail'
  | 'session'
  | 'apiKey'
  | 'usageReport'
  | 'usageReportLine'
  | 'billingReport'
  | 'billingReportLine'
  | 'parentAccount'
  | 'price'
  | 'margin'
  | 'promoCode';

export type Company = {
  id: string;
  accountName: string;
  name: string;
  kind: 'vendor' | 'tier1' | 'tier2' | 'customer';
  parentId: string | null;
  channelId: string | null;
  partnerId: string | null;
};

export interface WorldObject {
  kind: IdKind;
  id: string | number;
  /** What the registry looks it up by: an account name, an email, a plan name, a code. */
  name: string;
  /** The company whose object it is; null for the vendor's, which every channel shares. */
  ownerId: string | null;
}

/** One administrator per tier below the vendor: the callers of the cross-tenant probe. */
export const TIER_ADMINS = [
  'admin@northwind-distribution.example',
  'admin@bluefin-it.example',
  'admin@harbor-resellers.example',
  'admin@acme-dental.example',
] as const;

/**
 * The demo deployment plus, for every company that can own one, an object of each kind the seed
 * does not create (key batches and keys, license requests, mails, branding of its own, sessions),
 * so every id field has a foreign object to be probed with. Expendable companies and accounts
 * (`probe-…`) are what destructive procedures are tried on.
 */
export class World {
  private signedIn = new Map<string, SignedIn>();
  private ipCounter = 0;

  private constructor(
    readonly t: TestDb,
    readonly jobs: JobQueue,
    readonly companies: Company[],
    readonly objects: WorldObject[],
  ) {}

  static async build(): Promise<World> {
    const t = await createSeededDb();
    const jobs = createJobQueue(t.url);
    const world = new World(t, jobs, [], []);
    await world.furnish();
    await world.index();
    return world;
  }

  async close() {
    await this.jobs.stop();
    await this.t.drop();
  }

  get db() {
    return this.t.db;
  }

  async auth(email: string): Promise<SignedIn> {
    let auth = this.signedIn.get(email);
    if (!auth) {
      auth = await signedInAs(this.db, email);
      this.signedIn.set(email, auth);
    }
    return auth;
  }

  /** A new client address: rate limits count per address, and the probe's calls are many. */
  nextIp(): string {
    const n = ++this.ipCounter;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  }

  /** A caller signed in as `email` (null: signed out), from an address of its own. */
  async caller(email: string | null): Promise<ApiCaller> {
    return callerFor(this.db, email ? await this.auth(email) : null, undefined, this.jobs, this.nextIp());
  }

  company(accountName: string): Company {
    const company = this.companies.find((c) => c.accountName === accountName);
    if (!company) throw new Error(`No demo company ${accountName}`);
    return company;
  }

  companyOf(email: string): Company {
    return this.company(email.split('@')[1]!.replace(/\.example$/, ''));
  }

  /** The company and every company below it. */
  subtree(companyId: string): Set<string> {
    const out = new Set([companyId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of this.companies) {
        if (c.parentId && out.has(c.parentId) && !out.has(c.id)) {
          out.add(c.id);
          grew = true;
        }
      }
    }
    return out;
  }

  ancestors(companyId: string): Set<string> {
    const out = new Set<string>();
    let c = this.companies.find((x) => x.id === companyId);
    while (c?.parentId) {
      out.add(c.parentId);
      c = this.companies.find((x) => x.id === c!.parentId);
    }
    return out;
  }

  depth(companyId: string): number {
    return this.ancestors(companyId).size;
  }

  /**
   * An object of `kind` the caller's company may use: its own or its subtree's first, else one of an
   * ancestor's (the vendor's data centers, a tier-1's published documents). `name` picks one by name.
   */
  own(email: string, kind: IdKind, which?: string | ((o: WorldObject) => boolean)): string | number {
    return this.ownObject(email, kind, which).id;
  }

  ownObject(email: string, kind: IdKind, which?: string | ((o: WorldObject) => boolean)): WorldObject {
    const me = this.companyOf(email);
    const mine = this.subtree(me.id);
    const above = this.ancestors(me.id);
    const pick = typeof which === 'function' ? which : () => true;
    const candidates = this.objects.filter((o) => o.kind === kind && pick(o));
    const visible = (o: WorldObject) => (o.ownerId !== null && mine.has(o.ownerId)) || o.ownerId === null || above.has(o.ownerId);
    // A name is a preference: the expendable `probe-…` objects are Northwind's, other callers use their own.
    const found =
      (typeof which === 'string' ? candidates.find((o) => o.name === which && visible(o)) : undefined) ??
      candidates.find((o) => o.ownerId !== null && mine.has(o.ownerId)) ??
      candidates.find((o) => o.ownerId === null || above.has(o.ownerId));
    if (!found) throw new Error(`no ${kind} of ${me.accountName}'s`);
    return found;
  }

  /** The first object of `kind` that `ownerId` owns. */
  ownedBy(kind: IdKind, ownerId: string): string | number {
    const found = this.objects.find((o) => o.kind === kind && o.ownerId === ownerId);
    if (!found) throw new Error(`no ${kind} owned by ${ownerId}`);
    return found.id;
  }

  /** An object of `kind` by name, whoever owns it. */
  named(kind: IdKind, name: string): string | number {
    const found = this.objects.find((o) => o.kind === kind && o.name === name);
    if (!found) throw new Error(`no ${kind} named ${name}`);
    return found.id;
  }

  /**
   * Objects of `kind` the caller's company must not reach, one per relation: another channel's, a
   * sibling partner's (or its subtree's), a sibling customer's. Relations with no such object are left out.
   */
  foreign(email: string, kind: IdKind): { relation: string; object: WorldObject }[] {
    const me = this.companyOf(email);
    const visible = new Set([...this.subtree(me.id), ...this.ancestors(me.id)]);
    const myDepth = this.depth(me.id);
    const byId = new Map(this.companies.map((c) => [c.id, c]));
    const candidates = this.objects
      .filter((o) => o.kind === kind && o.ownerId !== null && !visible.has(o.ownerId))
      .map((o) => ({ o, owner: byId.get(o.ownerId!)! }))
      // Nearest in kind to the caller first: a tier-1's counterpart is the other tier-1.
      .sort((a, b) => Math.abs(this.depth(a.owner.id) - myDepth) - Math.abs(this.depth(b.owner.id) - myDepth) || a.o.name.localeCompare(b.o.name));
    const relations: { relation: string; match: (owner: Company) => boolean }[] = [
      { relation: 'another channel', match: (owner) => owner.channelId !== me.channelId },
      {
        relation: 'a sibling partner',
        match: (owner) => owner.channelId === me.channelId && owner.partnerId !== null && owner.partnerId !== me.partnerId,
      },
      {
        relation: 'a sibling customer',
        match: (owner) => owner.channelId === me.channelId && owner.kind === 'customer' && owner.parentId === me.parentId,
      },
    ];
    const out: { relation: string; object: WorldObject }[] = [];
    for (const { relation, match } of relations) {
      const hit = candidates.find(({ owner }) => match(owner));
      if (hit) out.push({ relation, object: hit.o });
    }
    return out;
  }

  /** Creates, through the api as their owners, the objects the seed leaves out. */
  private async furnish() {
    const as = (email: string) => this.caller(email);
    const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

    // Expendable companies: destructive procedures (cancel, disable) are tried on these.
    const northwind = await as('admin@northwind-distribution.example');
    const profile = (accountName: string) => ({
      name: `Probe ${accountName}`,
      accountName,
      contactEmail: `contact@${accountName}.example`,
      country: 'US',
      timeZone: 'America/New_York',
      language: 'en' as const,
    });
    await northwind.partners.create({
      profile: profile('probe-msp'),
      type: 'msp',
      admin: { name: 'Probe Admin', email: 'admin@probe-msp.example' },
    });
    await northwind.customers.create({
      profile: profile('probe-clinic'),
      admin: { name: 'Probe Admin', email: 'admin@probe-clinic.example' },
    });

    // Branding of their own for every company that has Branding Settings.
    for (const owner of ['northwind-distribution', 'contoso-networks', 'bluefin-it', 'summit-msp']) {
      const caller = await as(`admin@${owner}.example`);
      const fields = { code: `${owner}-dc`, name: `${owner} data center`, region: 'eu', endpoint: `https://${owner}.example` };
      await caller.branding.dataCenters.create(fields);
      await caller.branding.regionalServices.create({ ...fields, code: `${owner}-rs`, name: `${owner} service` });
      await caller.branding.legalDocuments.create({ kind: 'privacy', language: 'fr', title: `${owner} privacy`, body: 'Text.' });
      // Mails: one queued now (Sent Mails) and one scheduled, from a new account of the company.
      await caller.company.accounts.create({ name: 'Probe Now', email: `now@${owner}.example`, role: 'admin' });
      await caller.company.accounts.create({ name: 'Probe Later', email: `later@${owner}.example`, role: 'admin', notifyAt: future });
      await caller.company.accounts.create({ name: 'Probe Later', email: `later2@${owner}.example`, role: 'admin', notifyAt: future });
    }
    // Customers' own accounts and mails, so a sibling customer's account and mail exist.
    for (const owner of ['acme-dental', 'golden-gate-arch', 'globex', 'pinecrest-medical', 'beacon-accounting']) {
      const caller = await as(`admin@${owner}.example`);
      await caller.company.accounts.create({ name: 'Probe Now', email: `now@${owner}.example`, role: 'admin' });
    }

    // Key batches (a few keys each) for every partner.
    for (const owner of ['northwind-distribution', 'contoso-networks', 'bluefin-it', 'summit-msp', 'harbor-resellers', 'redwood-reseller']) {
      const caller = await as(`admin@${owner}.example`);
      const { items } = await caller.registrationKeys.plans();
      const plan = items[0];
      if (!plan) throw new Error(`${owner} has no plan to generate keys from`);
      for (const note of [`${owner} keys`, `${owner} more keys`]) {
        const batch = await caller.registrationKeys.batches.create({ planId: plan.id, count: 3, validUntil: nextYear, note });
        await runKeyBatch(this.db, batch.id);
      }
    }
    // A key registered in the portal: the customer's documents accepted, a license from a key.
    const [code] = await this.db.execute<{ code: string }>(
      sql`select k.code from registration_keys k join companies c on c.id = k.company_id where c.account_name = 'bluefin-it' order by k.id limit 1`,
    );
    const acme = await as('admin@acme-dental.example');
    const checked = await acme.portal.checkKey({ key: code!.code });
    await acme.portal.register({
      key: code!.code,
      eulaId: checked.eula!.id,
      privacyId: checked.privacy!.id,
      accepted: true,
      dataCenterId: checked.dataCenters[0]?.id ?? null,
    });

    // API keys of the partners the seed gives none (it gives each tier-1 one).
    for (const owner of ['bluefin-it', 'summit-msp', 'harbor-resellers', 'redwood-reseller']) {
      const caller = await as(`admin@${owner}.example`);
      await caller.company.apiKeys.create({ name: `${owner} key`, scopes: ['usage:write'] });
    }

    // License requests of both MSPs.
    for (const owner of ['bluefin-it', 'summit-msp']) {
      const caller = await as(`admin@${owner}.example`);
      const [product] = await this.db.execute<{ id: string }>(sql`select id from products order by code limit 1`);
      for (const note of [`${owner} request`, `${owner} second request`]) {
        await caller.licensePool.requests.create({ productId: product!.id, versionType: 'full', units: 5, note });
      }
    }

    // Licenses for customers the seed left without (a customer caller's own, a sibling partner's).
    const assign = async (manager: string, customer: string) => {
      const caller = await as(`admin@${manager}.example`);
      const customerId = this.companiesByName.get(customer)!;
      const { items } = await caller.customers.licenses.plans({ customerId });
      const plan = items.find((p) => p.remaining >= 2 && !p.poolDisabled);
      if (!plan) throw new Error(`${manager} has no plan for ${customer}`);
      await caller.customers.licenses.assign({ customerId, plans: [{ planId: plan.id, units: 2, startsOn: today() }] });
    };
    await this.loadCompanies();
    await assign('bluefin-it', 'acme-dental');
    await assign('northwind-distribution', 'beacon-accounting');
    await assign('contoso-networks', 'helvetia-watches');

    // Usage and billing reports of the two cycles before this one, as the demo has them: bills in
    // every status in both channels (Northwind's own a draft, Bluefin's submitted to the vendor).
    await seedUsageReports(this.db, this.jobs);
    await seedBillingReports(this.db, this.jobs);

    // Usage reports of the current month (tier-1s' own and their MSPs'), and one under review: the
    // tier-1's own, for approve and reject.
    await prepareUsageReports(this.db, this.jobs, { cycle: cycleOf(today()) });
    const [own] = await this.db.execute<{ id: string }>(
      sql`select r.id from usage_reports r join companies c on c.id = r.company_id
        where c.account_name = 'northwind-distribution' and r.cycle = date_trunc('month', now() at time zone 'UTC')::date`,
    );
    await northwind.usageReports.submit({ reportId: own!.id });

    // Sessions: every tier administrator and their counterparts sign in once.
    for (const email of [...TIER_ADMINS, 'admin@contoso-networks.example', 'admin@summit-msp.example', 'admin@redwood-reseller.example', 'admin@golden-gate-arch.example', 'admin@globex.example']) {
      const anonymous = await this.caller(null);
      await anonymous.auth.signIn({ email, password: 'keyway-demo' });
    }
  }

  private companiesByName = new Map<string, string>();

  private async loadCompanies() {
    const rows = await this.db.execute<Company>(
      sql`select id, account_name as "accountName", name, kind, parent_id as "parentId", channel_id as "channelId", partner_id as "partnerId" from companies`,
    );
    this.companies.splice(0, this.companies.length, ...rows);
    this.companiesByName = new Map(rows.map((c) => [c.accountName, c.id]));
  }

  private async index() {
    await this.loadCompanies();
    const rows = await this.db.execute<{ kind: IdKind; id: string | number; name: string; ownerId: string | null }>(sql`
      select 'product' as kind, id::text as id, code as name, null::uuid as "ownerId" from products
      union all select 'customer', id::text, account_name, id from companies where kind = 'customer'
      union all select 'partner', id::text, account_name, id from companies where kind = 'tier2'
      union all select 'company', id::text, account_name, id from companies where kind in ('customer', 'tier2')
      union all select 'account', id::text, email, company_id from users
      union all select 'license', l.id::text, p.name, l.company_id from licenses l join service_plans p on p.id = l.plan_id
      union all select 'plan', id::text, name, company_id from service_plans
      union all select 'dataCenter', id::text, code, company_id from data_centers
      union all select 'regionalService', id::text, code, company_id from regional_services
      union all select 'legalDocument', id::text, kind || ' ' || title, company_id from legal_documents
      union all select 'licenseRequest', id::text, coalesce(note, ''), company_id from license_requests
      union all select 'batch', id::text, coalesce(note, ''), company_id from key_batches
      union all select 'key', id::text, code, company_id from registration_keys
      union all select 'keyCode', code, code, company_id from registration_keys
      union all select 'mail', id::text, recipient_email, company_id from email_messages
      union all select 'session', s.id, u.email, u.company_id from sessions s join users u on u.id = s.user_id
      union all select 'apiKey', id::text, name, company_id from api_keys
      -- The current cycle's reports first: they are the ones the usage report samples change.
      union all (select 'usageReport', id::text, status::text, company_id from usage_reports order by cycle desc, id)
      union all (select 'usageReportLine', l.id::text, l.report_id || ':' || l.provisioned, r.company_id
        from usage_report_lines l join usage_reports r on r.id = l.report_id order by r.cycle desc, l.id)
      union all select 'billingReport', id::text, status::text, company_id from billing_reports
      union all select 'billingReportLine', l.id::text, l.report_id || ':' || p.code, b.company_id
        from billing_report_lines l join billing_reports b on b.id = l.report_id join products p on p.id = l.product_id
      union all select 'parentAccount', id::text, account_name, id from companies where kind = 'tier1'
      union all select 'price', id::text, currency || ' ' || effective_from, null from unit_prices
      union all select 'margin', id::text, effective_from::text, company_id from channel_margins
      union all select 'promoCode', id::text, code, null from promo_codes
    `);
    this.objects.splice(
      0,
      this.objects.length,
      ...rows.map((r) => ({ ...r, id: r.kind === 'key' ? Number(r.id) : r.id })),
    );
  }
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
