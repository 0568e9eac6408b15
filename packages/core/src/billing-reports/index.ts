export * from './model.ts';
export * from './reports.ts';
export * from './run.ts';
export * from './actions.ts';
export * from './mails.ts';
export * from './export.ts';
