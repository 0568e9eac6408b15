import { and, asc, eq } from 'drizzle-orm';
import { companies, products, servicePlans, users, type Company, type License, type Tx } from '@keyway/db';
import { queueEmail, companyChain, resolveTemplate } from '../email-notifications/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { longDate } from '../dates.ts';

export const STATUS_LABELS: Record<License['status'], string> = {
  pending: 'Pending first sign-in',
  active: 'Active',
  grace: 'Grace period',
  expired: 'Expired',
  suspended: 'Suspended',
  discontinued: 'Discontinued',
};

/** The status as a mail in German says it; other languages read the English until translated. */
const STATUS_LABELS_DE: Record<License['status'], string> = {
  pending: 'Wartet auf erste Anmeldung',
  active: 'Aktiv',
  grace: 'Kulanzzeit',
  expired: 'Abgelaufen',
  suspended: 'Gesperrt',
  discontinued: 'Eingestellt',
};

const statusLabel = (status: License['status'], language: string) =>
  (language.split('-')[0] === 'de' ? STATUS_LABELS_DE : STATUS_LABELS)[status];

/** A count as the reader writes it: "1,234", "1.234". */
const count = (n: number, language: string) => new Intl.NumberFormat(language).format(n);

type LicenseEvent = 'license-added' | 'license-modified' | 'license-discontinued';

/**
 * Tells the customer about a change to one of its licenses, in the change's transaction. The
 * mail goes to the customer's contact person, or to its first Administrator when it has no
 * contact email; a customer with neither gets no mail.
 */
export async function mailLicenseEvent(
  tx: Tx,
  jobs: JobQueue,
  event: LicenseEvent,
  license: License,
  context: { origin: string; createdBy: string | null; previous?: { units: number; expiresOn: string } },
): Promise<void> {
  const [row] = await tx
    .select({ customer: companies, product: products.name, plan: servicePlans.name })
    .from(companies)
    .innerJoin(products, eq(products.id, license.productId))
    .innerJoin(servicePlans, eq(servicePlans.id, license.planId))
    .where(eq(companies.id, license.companyId));
  if (!row) return;
  const to = await recipientOf(tx, row.customer);
  if (!to) return;
  const language = to.language ?? row.customer.language;
  const common = {
    recipientName: to.name ?? row.customer.name,
    customerName: row.customer.name,
    productName: row.product,
    planName: row.plan,
    unitType: license.unitType,
    licenseStatus: statusLabel(license.status, language),
    portalUrl: `${context.origin}/portal/products`,
  };
  const base = {
    companyId: row.customer.id,
    to: { email: to.email, name: to.name, userId: to.userId },
    language,
    createdBy: context.createdBy,
  };
  if (event === 'license-added') {
    await queueEmail(tx, jobs, {
      ...base,
      event,
      scheduledFor: await addedMailTime(tx, row.customer.id, language, license.startsOn),
      variables: {
        ...common,
        units: count(license.units, language),
        startDate: longDate(license.startsOn, language),
        expiryDate: longDate(license.expiresOn, language),
      },
    });
  } else if (event === 'license-modified') {
    await queueEmail(tx, jobs, {
      ...base,
      event,
      variables: {
        ...common,
        units: String(license.units),
        previousUnits: String(context.previous?.units ?? license.units),
        expiryDate: longDate(license.expiresOn, language),
        previousExpiryDate: longDate(context.previous?.expiresOn ?? license.expiresOn, language),
      },
    });
  } else {
    await queueEmail(tx, jobs, {
      ...base,
      event,
      variables: { ...common, units: String(license.units), expiryDate: longDate(license.expiresOn, language) },
    });
  }
}

async function recipientOf(tx: Tx, customer: Company) {
  if (customer.contactEmail) {
    return { email: customer.contactEmail, name: customer.contactName, userId: null, language: null };
  }
  const [admin] = await tx
    .select({ email: users.email, name: users.name, userId: users.id, language: users.language })
    .from(users)
    .where(and(eq(users.companyId, customer.id), eq(users.role, 'admin'), eq(users.status, 'active')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return admin ?? null;
}

/**
 * A company may send "license added" some days before the license starts rather than at once
 * (Email Notifications → send timing); a day already past sends it now. Mails go out at 08:00 UTC.
 */
async function addedMailTime(tx: Tx, customerId: string, language: string, startsOn: string): Promise<Date | undefined> {
  const chain = await companyChain(tx, customerId);
  const template = await resolveTemplate(tx, customerId, 'license-added', language, chain);
  if (template.timing.kind !== 'days-before-start') return undefined;
  const at = new Date(Date.parse(`${startsOn}T08:00:00Z`) - template.timing.days * 86_400_000);
  return at.getTime() > Date.now() ? at : undefined;
}
