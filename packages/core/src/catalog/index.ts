export * from './composition.ts';
export * from './products.ts';
