export * from './pools.ts';
export * from './requests.ts';
export * from './units.ts';
