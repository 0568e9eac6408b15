export const KIND_LABELS = { eula: 'EULA', privacy: 'Privacy statement' } as const;

/** Languages named in themselves, as everywhere in the console ("Deutsch", not "German"). */
export { LANGUAGE_OPTIONS } from '@keyway/core/validation';
