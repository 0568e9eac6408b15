import { error } from '@sveltejs/kit';
import { trpcErrorCode } from '#lib/api-errors.ts';
import { requireArea } from '#lib/areas.ts';
import { m } from '#lib/paraglide/messages.js';

type Section = 'customers' | 'partners';

const MISSING: Record<Section, () => string> = {
  customers: m.customer_not_found,
  partners: m.partner_not_found,
};

/**
 * The load of a company page under Customers or Partners: the area guard, then `customers.get` or
 * `partners.get`. Their NOT_FOUND, which the server also gives for ids outside the caller's scope,
 * becomes a 404 page. Each procedure answers only its own kind, so a partner's id opened under
 * Customers is not found either.
 */
export async function loadCompanyPage(
  event: { locals: App.Locals; url: URL; params: { id: string } },
  section: Section,
) {
  const { area, auth } = requireArea(event.locals.auth, event.url);
  let company;
  try {
    const input = { id: event.params.id };
    company = await (section === 'customers'
      ? event.locals.api.customers.get(input)
      : event.locals.api.partners.get(input));
  } catch (cause) {
    const code = trpcErrorCode(cause);
    // A malformed id is as absent as an unknown one.
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') error(404, { message: MISSING[section]() });
    throw cause;
  }
  return { area, auth, company };
}
