export * from './partners.ts';
export * from './licenses.ts';
