import { formatCount } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';

/** What the Assign dialog needs to know of a plan the company may assign. */
export interface AssignablePlan {
  id: string;
  name: string;
  productName: string;
  versionType: 'trial' | 'full';
  unitsPerLicense: number;
  /** Units the company's pool has left of the plan's version type. */
  remaining: number;
  /** The company's parent disabled its licenses of the product. */
  poolDisabled: boolean;
}

const units = (n: number) => m.common_units_count({ count: n, n: formatCount(n) });
const version = (type: 'trial' | 'full') => (type === 'trial' ? m.assign_version_trial() : m.assign_version_full());

/**
 * A plan as the Assign dialog offers it. A plan the pool cannot serve one license of (disabled,
 * nothing left, fewer units left than the plan sells at once) stays in the list, so the company
 * sees it exists, but cannot be chosen, and its label says why: the server would refuse it anyway,
 * only after the whole form was filled in.
 */
export function assignOption(plan: AssignablePlan): { value: string; label: string; disabled: boolean } {
  const name = `${plan.productName} — ${plan.name}`;
  if (plan.poolDisabled) {
    return { value: plan.id, label: m.assign_option_disabled({ name, version: version(plan.versionType) }), disabled: true };
  }
  if (plan.remaining < plan.unitsPerLicense) {
    const label =
      plan.unitsPerLicense > 1 && plan.remaining > 0
        ? m.assign_option_left_steps({ name, version: version(plan.versionType), units: units(plan.remaining), step: plan.unitsPerLicense })
        : m.assign_option_left({ name, version: version(plan.versionType), units: units(plan.remaining) });
    return { value: plan.id, label, disabled: true };
  }
  return { value: plan.id, label: m.assign_option_left({ name, version: version(plan.versionType), units: units(plan.remaining) }), disabled: false };
}
