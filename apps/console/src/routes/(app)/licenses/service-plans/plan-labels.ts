import { formatCount } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';

export const versionLabel = (type: 'trial' | 'full') => (type === 'trial' ? m.version_trial() : m.version_full());

export const periodLabel = (months: number) => m.common_months_count({ n: formatCount(months), count: months });

export const activationLabel = (policy: 'on-assignment' | 'first-sign-in') =>
  policy === 'on-assignment' ? m.plans_activation_on_assignment() : m.plans_activation_first_sign_in();
