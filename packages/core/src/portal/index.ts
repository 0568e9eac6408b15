export * from './products.ts';
export * from './register.ts';
