export const versionLabel = (type: 'trial' | 'full') => (type === 'trial' ? 'Trial' : 'Full');

export const periodLabel = (months: number) => (months === 1 ? '1 month' : `${months} months`);

export const activationLabel = (policy: 'on-assignment' | 'first-sign-in') =>
  policy === 'on-assignment' ? 'On assignment' : 'At first sign-in';
