import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  companies,
  dataCenters,
  products,
  users,
  type Company,
  type CompanyKind,
  type CompanyType,
  type Db,
  type Tx,
  type UserRole,
} from '@keyway/db';
import { hashPassword } from '../auth/index.ts';
import { ROLE_LABELS, rolesForTier, tierOf, TIER_LABELS } from '../privileges.ts';
import { stampsFor } from '../tenancy/index.ts';
import { CHANNELS, DATA_CENTERS, PRODUCTS, VENDOR, type DemoCompany } from './demo-data.ts';
import { seedLicensePools } from './license-pool.ts';
import { seedServicePlans } from './service-plans.ts';
import { seedLicenseStatusHistory, seedLicenses } from './licenses.ts';
import { seedBranding } from './branding.ts';
import { seedUsage } from './usage.ts';

export const DEFAULT_SEED_PASSWORD = 'keyway-demo';

export interface DemoAccount {
  email: string;
  company: string;
  tier: string;
  role: string;
}

/** `customer_account_manager` → `customer-account-manager`, the local part of demo emails. */
export const roleSlug = (role: UserRole) => role.replaceAll('_', '-');

/**
 * Loads the demo deployment. Idempotent: companies are found by account name and parent, users by
 * email, catalog rows by code; what exists is left as it is.
 */
export async function seedDemoData(db: Db, password = DEFAULT_SEED_PASSWORD): Promise<DemoAccount[]> {
  const passwordHash = hashPassword(password);
  const accounts: DemoAccount[] = [];
  const pendingUsers: { company: Company; role: UserRole; email: string; name: string }[] = [];

  await db.transaction(async (tx) => {
    await tx.insert(products).values(PRODUCTS).onConflictDoNothing();
    await tx.insert(dataCenters).values(DATA_CENTERS).onConflictDoNothing();

    const addStaff = (company: Company) => {
      for (const role of rolesForTier(tierOf(company))) {
        pendingUsers.push({
          company,
          role,
          email: `${roleSlug(role)}@${company.accountName}.example`,
          name: `${ROLE_LABELS[role]}, ${company.name}`,
        });
      }
    };

    const vendor = await ensureCompany(tx, 'vendor', null, { ...VENDOR, status: 'active' });
    addStaff(vendor);

    const walk = async (spec: DemoCompany, parent: Company) => {
      const kind: CompanyKind = parent.kind === 'vendor' ? 'tier1' : 'tier2';
      const company = await ensureCompany(tx, kind, parent, { ...spec, status: spec.status ?? 'active' });
      addStaff(company);
      for (const customer of spec.customers ?? []) {
        const row = await ensureCompany(tx, 'customer', company, {
          ...customer,
          status: customer.status ?? 'enabled',
        });
        addStaff(row);
      }
      for (const child of spec.children ?? []) await walk(child, company);
    };
    for (const channel of CHANNELS) await walk(channel, vendor);

    const hash = await passwordHash;
    for (const u of pendingUsers) {
      await tx
        .insert(users)
        .values({
          companyId: u.company.id,
          channelId: u.company.channelId,
          partnerId: u.company.partnerId,
          customerId: u.company.customerId,
          email: u.email,
          name: u.name,
          role: u.role,
          passwordHash: hash,
          language: languageOf(u),
          timeZone: u.company.timeZone,
        })
        .onConflictDoNothing();
      accounts.push({
        email: u.email,
        company: u.company.name,
        tier: TIER_LABELS[tierOf(u.company)],
        role: ROLE_LABELS[u.role],
      });
    }
    await seedLicensePools(tx);
    await seedServicePlans(tx);
    await seedLicenses(tx);
    await seedLicenseStatusHistory(tx);
    await seedBranding(tx);
    await seedUsage(tx);
  });
  return accounts;
}

interface CompanySpec {
  name: string;
  accountName: string;
  type?: CompanyType;
  status: Company['status'];
  city: string;
  country: string;
  timeZone: string;
}

async function ensureCompany(
  tx: Tx,
  kind: CompanyKind,
  parent: Company | null,
  spec: CompanySpec,
): Promise<Company> {
  const [existing] = await tx
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.kind, kind),
        eq(sql`lower(${companies.accountName})`, spec.accountName.toLowerCase()),
        parent ? eq(companies.parentId, parent.id) : isNull(companies.parentId),
      ),
    )
    .limit(1);
  if (existing) return existing;

  const id = randomUUID();
  const [row] = await tx
    .insert(companies)
    .values({
      id,
      kind,
      type: spec.type ?? null,
      parentId: parent?.id ?? null,
      ...stampsFor(kind, id, parent),
      name: spec.name,
      accountName: spec.accountName,
      status: spec.status,
      contactName: `${spec.name} Admin`,
      contactEmail: `admin@${spec.accountName}.example`,
      phone: '+1 555 0100',
      city: spec.city,
      country: spec.country,
      timeZone: spec.timeZone,
      language: spec.country === 'DE' || spec.country === 'AT' ? 'de' : 'en',
      poolRefillAllowed: spec.type === 'msp',
    })
    .returning();
  if (!row) throw new Error(`Could not create ${spec.name}.`);
  return row;
}

/** The demo's German-speaking console user: Contoso Networks (Germany) works with customers in German. */
export const GERMAN_DEMO_USER = 'customer-account-manager@contoso-networks.example';

/**
 * A demo user's language (Account Information). Partner staff work in English, whatever their
 * country, except the German-speaking demo user; a customer's users speak their company's
 * language, as its mails do.
 */
function languageOf(u: { company: Company; email: string }): string {
  if (u.email === GERMAN_DEMO_USER) return 'de';
  return u.company.kind === 'customer' ? u.company.language : 'en';
}
