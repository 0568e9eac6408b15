import { sql } from 'drizzle-orm';
import { customerTransactions } from '@keyway/db';
import { cursorRows, defineExport, momentIn } from '../exports/index.ts';
import { transactionWhere, ZTransactionFilters } from './transactions.ts';

const COLUMNS = [
  { key: 'at', header: 'Date', moment: true },
  { key: 'type', header: 'Type' },
  { key: 'customer', header: 'Customer' },
  { key: 'accountName', header: 'Account name' },
  { key: 'product', header: 'Product' },
  { key: 'plan', header: 'Service plan' },
  { key: 'versionType', header: 'Version' },
  { key: 'previousUnits', header: 'Previous units' },
  { key: 'newUnits', header: 'New units' },
  { key: 'change', header: 'Change' },
  { key: 'unitType', header: 'Unit type' },
  { key: 'previousChargeStartsOn', header: 'Previous charge start' },
  { key: 'newChargeStartsOn', header: 'New charge start' },
  { key: 'actor', header: 'By' },
  { key: 'note', header: 'Note' },
] as const;

type Row = Record<(typeof COLUMNS)[number]['key'], string | number | null>;

/**
 * Customer Transactions under the list's filters, newest first, dates in the person's zone. A
 * company outside the actor's subtree is NOT_FOUND, and a month outside the kept ones refused.
 */
export const transactionExport = defineExport({
  kind: 'transactions',
  permission: 'transactions.view',
  fileName: 'customer-transactions',
  sheetName: 'Customer Transactions',
  columns: COLUMNS,
  filters: ZTransactionFilters,
  table: customerTransactions,
  where: (db, actor, filters) => transactionWhere(db, actor, filters),
  rows: (db, where, _filters, timeZone) =>
    cursorRows<Row>(db, sql`
      select ${momentIn(sql`t.at`, timeZone)} as "at",
        case t.type when 'new-purchase' then 'New purchase' when 'license-change' then 'License change'
          when 'conversion' then 'Conversion' when 'discontinue' then 'Discontinue'
          else 'Suite composition change' end as "type",
        c.name as "customer", c.account_name as "accountName", p.name as "product", sp.name as "plan",
        case t.version_type when 'trial' then 'Trial' else 'Full' end as "versionType",
        t.previous_units as "previousUnits", t.new_units as "newUnits", t.change as "change", t.unit_type as "unitType",
        t.previous_charge_starts_on::text as "previousChargeStartsOn", t.new_charge_starts_on::text as "newChargeStartsOn",
        coalesce(u.email, 'System') as "actor", t.note as "note"
      from customer_transactions t
      join companies c on c.id = t.company_id
      join products p on p.id = t.product_id
      join service_plans sp on sp.id = t.plan_id
      left join users u on u.id = t.actor_user_id
      where t.id in (select ${customerTransactions.id} from ${customerTransactions} where ${where})
      order by t.at desc, t.id desc
    `),
});

