export * from './errors.ts';
export * from './navigation.ts';
export * from './audit/audit.ts';
export * from './tenancy/scope.ts';
export * from './search/companies.ts';
export * from './dashboard/summary.ts';
export * from './companies/get.ts';
export * as jobs from './jobs/registry.ts';
export * from './company/accounts.ts';
