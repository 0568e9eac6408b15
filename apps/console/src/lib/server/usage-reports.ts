/**
 * The MSPs a tier-1 may choose between on Usage Reports: its MSPs when the account may list
 * partners, otherwise those with a report among the last cycles (a billing manager reviews reports
 * without managing partners).
 */
export async function reportingPartners(api: App.Locals['api'], auth: { permissions: readonly string[]; company: { id: string } }) {
  if (auth.permissions.includes('partners.view')) {
    const page = await api.partners.list({ limit: 100, sort: { by: 'name', direction: 'asc' }, filters: { type: 'msp' } });
    return page.items.map((partner) => ({ id: partner.id, name: partner.name }));
  }
  const page = await api.usageReports.list({ limit: 100, sort: { by: 'company', direction: 'asc' } });
  const named = new Map(page.items.filter((row) => row.companyId !== auth.company.id).map((row) => [row.companyId, row.companyName]));
  return [...named].map(([id, name]) => ({ id, name }));
}

/**
 * A report list's partner filter: the partners it offers and the one it applies. One who chooses
 * (`choosing`) picks its own company or one of its reporting partners; a choice the caller cannot
 * make is dropped rather than failing the page.
 */
export async function partnerFilter(api: App.Locals['api'], auth: Parameters<typeof reportingPartners>[1], choosing: boolean, asked: string) {
  const partners = choosing ? await reportingPartners(api, auth) : [];
  const partner = choosing && [auth.company.id, ...partners.map((candidate) => candidate.id)].includes(asked) ? asked : '';
  return { partners, partner };
}
