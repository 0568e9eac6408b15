import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { tierOf } from '@keyway/core/privileges';
import { visibleDataCenters } from '@keyway/core/branding';
import { currentLegalDocuments } from '@keyway/core/branding';
import type { JobQueue } from '@keyway/core/jobs';
import { addUnits } from '@keyway/core/license-pool';
import { KEY_ATTEMPT_LIMITS, registerKey, type TRegisterKeyInput } from '@keyway/core/portal';
import { formatKey } from '@keyway/core/registration-keys';
import type { Actor } from '@keyway/core/tenancy';
import { companies, licensePools, licenses, products, registrationKeys, servicePlans, users, type Company, type Db } from '@keyway/db';
import { timed } from './stats.ts';

/*
 * Registrations for the registration keys benchmark: keys of the benchmark's batch registered one
 * after another through the portal's `registerKey`, as customer users of the issuing company's
 * customers would, with the batch's keys in the table.
 */

/** Registrations each customer user makes: under both per-user and per-IP limits, which are never reset. */
export const REGISTRATIONS_PER_USER = 10;

/** Untimed registrations first: pg-boss starts, plans and caches warm up. */
export const WARM_UP_REGISTRATIONS = 10;

const ORIGIN = 'https://keyway.example';

interface Registrar {
  actor: Actor;
  documents: { eulaId: string; privacyId: string };
  dataCenterId: string | null;
}

export interface RegistrationSetup {
  planName: string;
  productName: string;
  units: number;
  customers: number;
  registrars: Registrar[];
  codes: string[];
  poolBefore: number;
}

export interface RegistrationRun {
  /** Milliseconds of each timed `registerKey` call. */
  samples: number[];
  seconds: number;
  check: { ok: boolean; text: string };
}

/**
 * Everything a registration needs, outside the clock: customer users spread over the enabled
 * customers the key's company manages (each with its own IP address, making at most
 * `REGISTRATIONS_PER_USER` attempts), the EULA and privacy statement current for each customer,
 * the data center the plan allows, units in the issuing company's pool for every registration,
 * and `count` available keys of the batch spread over its sequence.
 */
export async function prepareRegistrations(db: Db, batchId: string, count: number): Promise<RegistrationSetup> {
  const total = count + WARM_UP_REGISTRATIONS;
  const [row] = await db
    .select({ plan: servicePlans, product: products, keys: sql<number>`(select count(*)::int from registration_keys where batch_id = ${batchId})` })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(sql`${servicePlans.id} = (select plan_id from key_batches where id = ${batchId})`);
  if (!row) throw new Error(`No batch ${batchId}.`);
  const { plan, product } = row;
  if (row.keys < total) throw new Error(`The batch holds ${row.keys} keys; ${total} registrations need as many.`);
  const [issuer] = await db.select().from(companies).where(eq(companies.id, plan.companyId));
  const customers = await db
    .select()
    .from(companies)
    .where(and(eq(companies.kind, 'customer'), eq(companies.partnerId, issuer!.id), inArray(companies.status, ['active', 'enabled'])))
    .orderBy(asc(companies.name));
  if (customers.length === 0) throw new Error(`${issuer!.name} manages no enabled customer to register keys for.`);

  const perCustomer = new Map<string, Omit<Registrar, 'actor'>>();
  for (const customer of customers) {
    const { eula, privacy } = await currentLegalDocuments(db, { companyId: customer.id, productId: product.id, language: 'en' });
    if (!eula || !privacy) throw new Error(`No EULA or privacy statement is published for ${customer.name}.`);
    const centers = product.saas ? await visibleDataCenters(db, customer.id) : [];
    const center = plan.dataCenterId ? centers.find((d) => d.id === plan.dataCenterId) : centers[0];
    perCustomer.set(customer.id, { documents: { eulaId: eula.id, privacyId: privacy.id }, dataCenterId: center?.id ?? null });
  }

  const registrars: Registrar[] = [];
  const userCount = Math.ceil(total / REGISTRATIONS_PER_USER);
  const created = await db
    .insert(users)
    .values(
      Array.from({ length: userCount }, (_, i) => {
        const company = customers[i % customers.length] as Company;
        return {
          companyId: company.id,
          channelId: company.channelId,
          partnerId: company.partnerId,
          customerId: company.customerId,
          email: `registrar-${i}@${company.accountName}.example`,
          name: `Registrar ${i}`,
          role: 'admin' as const,
          language: 'en',
        };
      }),
    )
    .returning({ id: users.id, role: users.role, companyId: users.companyId });
  created.forEach((user, i) => {
    const company = customers.find((c) => c.id === user.companyId) as Company;
    registrars.push({
      actor: { userId: user.id, role: user.role, tier: tierOf(company), company, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
      ...(perCustomer.get(company.id) as Omit<Registrar, 'actor'>),
    });
  });

  await db.transaction((tx) =>
    addUnits(
      tx,
      { companyId: issuer!.id, productId: product.id },
      { kind: 'vendor-issue', versionType: plan.versionType, units: plan.unitsPerLicense * total, actorUserId: null },
    ),
  );
  const poolBefore = await assigned(db, issuer!.id, product.id, plan.versionType);

  // Every step-th key of the batch: codes are random, so these land all over the code index.
  const step = Math.max(1, Math.floor(row.keys / total));
  const keys = await db
    .select({ code: registrationKeys.code })
    .from(registrationKeys)
    .where(and(eq(registrationKeys.batchId, batchId), eq(registrationKeys.status, 'available'), sql`${registrationKeys.seq} % ${step} = 0`))
    .orderBy(asc(registrationKeys.seq))
    .limit(total);
  if (keys.length < total) throw new Error(`Only ${keys.length} available keys to register, not ${total}.`);

  return {
    planName: plan.name,
    productName: product.name,
    units: plan.unitsPerLicense,
    customers: customers.length,
    registrars,
    codes: keys.map((k) => k.code),
    poolBefore,
  };
}

/**
 * `WARM_UP_REGISTRATIONS` untimed registrations, then the timed ones, one after another, each a
 * `registerKey` call as the portal makes it (the key as typed, with dashes; the documents
 * accepted; the plan's data center). Registrars take turns, so no user or IP address goes over
 * `KEY_ATTEMPT_LIMITS`. Checks afterwards that every key became a license of the customer with
 * its units drawn from the issuing company's pool.
 */
export async function runRegistrations(db: Db, jobs: JobQueue, setup: RegistrationSetup): Promise<RegistrationRun> {
  if (REGISTRATIONS_PER_USER > Math.min(KEY_ATTEMPT_LIMITS.user.limit, KEY_ATTEMPT_LIMITS.ip.limit)) {
    throw new Error('Each registrar would go over the key attempt limits.');
  }
  const register = async (i: number) => {
    const registrar = setup.registrars[i % setup.registrars.length] as Registrar;
    const input: TRegisterKeyInput = {
      key: formatKey(setup.codes[i] as string),
      ...registrar.documents,
      accepted: true,
      dataCenterId: registrar.dataCenterId,
    };
    return registerKey(db, jobs, registrar.actor, input, { origin: ORIGIN });
  };

  for (let i = 0; i < WARM_UP_REGISTRATIONS; i++) await register(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = WARM_UP_REGISTRATIONS; i < setup.codes.length; i++) {
    samples.push((await timed(() => register(i))).ms);
  }
  const seconds = (performance.now() - started) / 1000;

  const total = setup.codes.length;
  const [registered] = await db.execute<{ keys: number; licenses: number; companyId: string; productId: string; versionType: 'trial' | 'full' }>(sql`
    select count(*)::int as keys, count(distinct l.id)::int as licenses,
           min(k.company_id::text) as "companyId", min(k.product_id::text) as "productId", min(l.version_type::text) as "versionType"
    from registration_keys k
    join licenses l on l.id = k.license_id and l.company_id = k.registered_company_id and l.managing_company_id = k.company_id
    where k.code in ${setup.codes} and k.status = 'registered'`);
  const drawn = (await assigned(db, registered!.companyId, registered!.productId, registered!.versionType)) - setup.poolBefore;
  const [{ n: licensed } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(licenses)
    .where(inArray(licenses.createdBy, setup.registrars.map((r) => r.actor.userId)));
  const ok = registered!.keys === total && registered!.licenses === total && licensed === total && drawn === total * setup.units;
  return {
    samples,
    seconds,
    check: {
      ok,
      text:
        `${total} registrations (${WARM_UP_REGISTRATIONS} untimed) made ${registered!.keys} keys registered, ` +
        `${licensed} licenses, ${drawn} units drawn from the pool (${total * setup.units} expected)`,
    },
  };
}

async function assigned(db: Db, companyId: string, productId: string, versionType: 'trial' | 'full'): Promise<number> {
  const [pool] = await db
    .select({ trial: licensePools.trialAssigned, full: licensePools.fullAssigned })
    .from(licensePools)
    .where(and(eq(licensePools.companyId, companyId), eq(licensePools.productId, productId)));
  return pool ? pool[versionType] : 0;
}
