import { and, asc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { dataCenters, type DataCenter, type Executor } from '@keyway/db';
import { brandingOwners } from './owners.ts';

/**
 * The data centers `companyId` may offer in its plans and its customers may pick: the vendor's
 * (company null) and those owned by the company itself or a company above it. Another MSP's or
 * another channel's data centers are never among them.
 */
export async function visibleDataCenters(
  db: Executor,
  companyId: string | null,
  options: { enabledOnly: boolean } = { enabledOnly: true },
): Promise<DataCenter[]> {
  const owners = companyId ? await brandingOwners(db, companyId, { includeSelf: true }) : [];
  const conditions: SQL[] = [];
  const ownerCondition = owners.length > 0 ? or(isNull(dataCenters.companyId), inArray(dataCenters.companyId, owners)) : isNull(dataCenters.companyId);
  if (ownerCondition) conditions.push(ownerCondition);
  if (options.enabledOnly) conditions.push(eq(dataCenters.enabled, true));
  return db
    .select()
    .from(dataCenters)
    .where(and(...conditions))
    .orderBy(asc(dataCenters.name), asc(dataCenters.code));
}

/** True when `dataCenterId` is one of `visibleDataCenters(companyId)` (enabled or not). */
export async function isDataCenterVisible(db: Executor, companyId: string | null, dataCenterId: string): Promise<boolean> {
  const rows = await visibleDataCenters(db, companyId, { enabledOnly: false });
  return rows.some((row) => row.id === dataCenterId);
}
