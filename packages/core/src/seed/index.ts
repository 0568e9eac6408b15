export * from './branding.ts';
export * from './demo-data.ts';
export * from './license-pool.ts';
export * from './licenses.ts';
export * from './seed.ts';
export * from './service-plans.ts';
export * from './usage.ts';
export * from './usage-reports.ts';
