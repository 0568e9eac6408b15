export * from './legal.ts';
export * from './legal-documents.ts';
export * from './data-centers.ts';
export * from './endpoints.ts';
export * from './access.ts';
export * from './owners.ts';
