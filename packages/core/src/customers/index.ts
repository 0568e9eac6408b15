export * from './customers.ts';
export * from './export.ts';
export * from './licenses.ts';
