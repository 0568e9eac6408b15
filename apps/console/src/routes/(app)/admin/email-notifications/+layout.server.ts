import { EMAIL_EVENTS } from '@keyway/email';
import { requireArea } from '#lib/areas.ts';
import { emailEventLabel } from '#lib/labels.ts';
import type { LayoutServerLoad } from './$types';
import { allowedTabs } from './tabs.ts';

export const load = (({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  return {
    area,
    group,
    tabs: allowedTabs(auth.permissions),
    /** Event names for filters and tables, in the catalogue's order and the reader's language. */
    events: EMAIL_EVENTS.map((event) => ({ value: event, label: emailEventLabel(event) })),
  };
}) satisfies LayoutServerLoad;
