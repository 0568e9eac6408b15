export * from './partners.ts';
export * from './licenses.ts';
export * from './stock.ts';
