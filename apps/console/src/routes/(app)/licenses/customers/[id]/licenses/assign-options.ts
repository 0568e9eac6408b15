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

const units = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'unit' : 'units'}`;

/**
 * A plan as the Assign dialog offers it. A plan the pool cannot serve one license of (disabled,
 * nothing left, fewer units left than the plan sells at once) stays in the list, so the company
 * sees it exists, but cannot be chosen, and its label says why: the server would refuse it anyway,
 * only after the whole form was filled in.
 */
export function assignOption(plan: AssignablePlan): { value: string; label: string; disabled: boolean } {
  const name = `${plan.productName} — ${plan.name}`;
  if (plan.poolDisabled) {
    return { value: plan.id, label: `${name} (${plan.versionType}, licenses disabled)`, disabled: true };
  }
  if (plan.remaining < plan.unitsPerLicense) {
    const step = plan.unitsPerLicense > 1 && plan.remaining > 0 ? `; sold in steps of ${plan.unitsPerLicense}` : '';
    return { value: plan.id, label: `${name} (${plan.versionType}, ${units(plan.remaining)} left${step})`, disabled: true };
  }
  return { value: plan.id, label: `${name} (${plan.versionType}, ${units(plan.remaining)} left)`, disabled: false };
}
