import { EMAIL_EVENTS, EMAIL_EVENT_DEFINITIONS } from '@keyway/email';
import { requireArea } from '#lib/areas.ts';
import type { LayoutServerLoad } from './$types';
import { allowedTabs } from './tabs.ts';

export const load = (({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  return {
    area,
    group,
    tabs: allowedTabs(auth.permissions),
    /** Event names for filters and tables, in the catalogue's order. */
    events: EMAIL_EVENTS.map((event) => ({ value: event, label: EMAIL_EVENT_DEFINITIONS[event].label })),
  };
}) satisfies LayoutServerLoad;
