import { m } from '#lib/paraglide/messages.js';
/** Called at render time, so they are in the page's language. */
export const KIND_LABELS: Record<'eula' | 'privacy', () => string> = { eula: m.legal_kind_eula, privacy: m.legal_kind_privacy };

/** Languages named in themselves, as everywhere in the console ("Deutsch", not "German"). */
export { LANGUAGE_OPTIONS } from '@keyway/core/validation';
