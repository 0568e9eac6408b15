export * from './assignable.ts';
export * from './plans.ts';
export * from '../catalog/composition.ts';
