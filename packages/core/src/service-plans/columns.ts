import { servicePlans } from '@keyway/db';

/** A plan's licensing terms, the columns a license assigned from it copies or follows. */
export const planTermColumns = {
  versionType: servicePlans.versionType,
  nfr: servicePlans.nfr,
  unitType: servicePlans.unitType,
  unitsPerLicense: servicePlans.unitsPerLicense,
  initialPeriodMonths: servicePlans.initialPeriodMonths,
  autoRenew: servicePlans.autoRenew,
  renewalPeriodMonths: servicePlans.renewalPeriodMonths,
  expirationNoticeDays: servicePlans.expirationNoticeDays,
  activationPolicy: servicePlans.activationPolicy,
  dataCenterId: servicePlans.dataCenterId,
  region: servicePlans.region,
};
