import { sql } from 'drizzle-orm';
import { companies } from '@keyway/db';
import { cursorRows, defineExport, momentIn } from '../exports/index.ts';
import { customerWhere, ZCustomerFilters } from './customers.ts';

const COLUMNS = [
  { key: 'name', header: 'Customer' },
  { key: 'accountName', header: 'Account name' },
  { key: 'status', header: 'Status' },
  { key: 'managedBy', header: 'Managed by' },
  { key: 'contactName', header: 'Contact' },
  { key: 'contactEmail', header: 'Contact email' },
  { key: 'emergencyEmail', header: 'Emergency email' },
  { key: 'phone', header: 'Phone' },
  { key: 'city', header: 'City' },
  { key: 'country', header: 'Country' },
  { key: 'timeZone', header: 'Time zone' },
  { key: 'language', header: 'Language' },
  { key: 'createdAt', header: 'Created', moment: true },
] as const;

type Row = Record<(typeof COLUMNS)[number]['key'], string | null>;

/** The customer summary: the actor's customers under the list's filters, one row each, by name. */
export const customerExport = defineExport({
  kind: 'customers',
  permission: 'customers.view',
  fileName: 'customers',
  sheetName: 'Customers',
  columns: COLUMNS,
  filters: ZCustomerFilters,
  table: companies,
  where: (_db, actor, filters) => customerWhere(actor, filters),
  rows: (db, where, _filters, timeZone) =>
    cursorRows<Row>(db, sql`
      select c.name as "name", c.account_name as "accountName", c.status as "status", p.name as "managedBy",
        c.contact_name as "contactName", c.contact_email as "contactEmail", c.emergency_email as "emergencyEmail",
        c.phone as "phone", c.city as "city", c.country as "country", c.time_zone as "timeZone",
        c.language as "language", ${momentIn(sql`c.created_at`, timeZone)} as "createdAt"
      from ${companies} c
      left join ${companies} p on p.id = c.parent_id
      where c.id in (select ${companies.id} from ${companies} where ${where})
      order by c.name, c.id
    `),
});

