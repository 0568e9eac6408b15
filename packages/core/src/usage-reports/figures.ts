import { sql, type SQL } from 'drizzle-orm';
import { cycleStart } from './cycles.ts';

/**
 * The figures of a cycle as one set-based query, for every customer × product × unit type that
 * held units of a live full license on some day of the cycle (trials never count: the daily units
 * exclude them):
 *
 * - provisioned: the highest units of those days (`license_units_monthly`, the greatest of the
 *   month's `license_units_daily` rows, kept by the same statements);
 * - used: the highest usage reported on those days (`usage_monthly`, likewise the greatest of the
 *   month's `usage_daily` rows), 0 when nothing was reported;
 *   for a product that reports no usage, provisioned;
 * - the reporting company: the customer's MSP; a customer directly under its tier-1, or under a
 *   reseller (resellers do not report usage), is in its tier-1's own report. Its stamps are the
 *   report's: channel = the tier-1, partner = the MSP (none for the tier-1's own report).
 *
 * A cycle is one row per customer × product × unit type in each monthly table. `within` narrows
 * the rows read to one stamp (a tier-1's channel, an MSP), so one company's preview walks that
 * stamp's (stamp, month) index; `reportingCompanyId` keeps one report's lines.
 * Columns: customer_id, product_id, unit_type, provisioned, used, report_company_id,
 * report_channel_id, report_partner_id.
 */
export function cycleFigures(
  cycle: string,
  options: { within?: { stamp: 'channel_id' | 'partner_id'; id: string }; reportingCompanyId?: string } = {},
): SQL {
  const month = cycleStart(cycle);
  const within = (alias: string) =>
    options.within ? sql`and ${sql.identifier(alias)}.${sql.identifier(options.within.stamp)} = ${options.within.id}::uuid` : sql``;
  return sql`
    select f.customer_id, f.product_id, f.unit_type, f.provisioned,
      case when p.reports_usage then coalesce(u.used, 0) else f.provisioned end as used,
      f.report_company_id, f.report_channel_id, f.report_partner_id
    from (${provisionedRows(month, within('m'))}) f
    join products p on p.id = f.product_id
    left join (
      select um.customer_id, um.product_id, um.unit_type, least(um.max_used, 2147483647)::int as used
      from usage_monthly um
      where um.month = ${month}::date ${within('um')}
    ) u on u.customer_id = f.customer_id and u.product_id = f.product_id and u.unit_type = f.unit_type
    ${options.reportingCompanyId ? sql`where f.report_company_id = ${options.reportingCompanyId}::uuid` : sql``}
  `;
}

/**
 * Whether some company that reports in `cycle` has no report of it yet: the reporting companies of
 * the cycle's provisioned rows, without the usage the figures add. When none is missing, a
 * preparation has nothing to create.
 */
export function cycleReportMissing(cycle: string): SQL {
  const month = cycleStart(cycle);
  return sql`
    select exists (
      select 1 from (${provisionedRows(month, sql``)}) f
      where not exists (select 1 from usage_reports r where r.company_id = f.report_company_id and r.cycle = ${month}::date)
    ) as missing
  `;
}

/** The month's provisioned units of every customer with its reporting company and that report's stamps. */
function provisionedRows(month: string, within: SQL): SQL {
  return sql`
    select m.customer_id, m.product_id, m.unit_type, m.units as provisioned,
      r.report_company_id, c.channel_id as report_channel_id, r.report_partner_id
    from license_units_monthly m
    join companies c on c.id = m.customer_id and c.kind = 'customer' and c.channel_id is not null
    left join companies partner on partner.id = c.partner_id
    cross join lateral (
      select case when partner.type = 'msp' then partner.id else c.channel_id end as report_company_id,
        case when partner.type = 'msp' then partner.id end as report_partner_id
    ) r
    where m.month = ${month}::date and m.units > 0 ${within}
  `;
}
