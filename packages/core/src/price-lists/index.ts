export * from './money.ts';
export * from './model.ts';
export * from './prices.ts';
export * from './promo-codes.ts';
