export * from './composition.ts';
