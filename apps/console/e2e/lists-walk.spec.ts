import { createHash, randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { generateKeyCode } from '@keyway/core/registration-keys';
import { USERS, e2eDatabaseUrl, expect, test, withE2eDatabase } from './fixtures.ts';

/*
 * Every list page pages, sorts, filters and restores its state from the address the same way:
 * each walk filters through the page's own controls, sorts by a column header, reloads, and goes
 * back step by step, checking the address and what is on screen at every step. Lists whose demo
 * data fills more than a page also load more.
 *
 * The demo seed's mails, keys and license requests are too few to page through, so this spec writes
 * its own (tagged, so they are told apart from the demo's and other specs' rows): 30 sent and 30
 * scheduled mails to Acme Dental Group (a Bluefin customer), a batch of 60 Bluefin keys (5 voided),
 * a license request from Bluefin to Northwind, and two revoked Northwind API keys. A worker that
 * starts again after a failure runs `beforeAll` again: the tag is the run's, and the rows are
 * written once.
 */
const tag = createHash('sha256').update(e2eDatabaseUrl()).digest('hex').slice(0, 8);
const MAIL_FILTER = `walk-${tag}`;
const BLUEFIN_ADMIN = USERS.mspAdmin;
const VENDOR_ADMIN = 'admin@keyway.example';

test.beforeAll(async () => {
  await withE2eDatabase(async (sql) => {
    const [written] = await sql`select 1 from key_batches where note = ${`Walk ${tag}`}`;
    if (written) return;
    const [acme] = await sql<{ id: string }[]>`select id from companies where account_name = 'acme-dental'`;
    for (const status of ['sent', 'scheduled'] as const) {
      await sql`
        insert into email_messages (company_id, channel_id, partner_id, customer_id, event, language, recipient_email,
          recipient_name, variables, subject, html, text, status, scheduled_for, sent_at, attempts)
        select c.id, c.channel_id, c.partner_id, c.customer_id, 'license-added', 'en',
          ${`${MAIL_FILTER}-${status}-`} || lpad(n::text, 2, '0') || '@acme-dental.example', 'Dana Whitfield', '{}'::jsonb,
          'Your Endpoint Protection license is ready', '<p>Hello Dana Whitfield.</p>', 'Hello Dana Whitfield.',
          ${status}, now() + (case when ${status} = 'scheduled' then interval '2 days' else interval '0 days' end) - n * interval '1 minute',
          case when ${status} = 'sent' then now() - n * interval '1 minute' end, case when ${status} = 'sent' then 1 else 0 end
        from companies c, generate_series(1, 30) as n
        where c.id = ${acme!.id}`;
    }

    const [bluefin] = await sql<{ id: string; channel_id: string; partner_id: string; parent_id: string }[]>`
      select id, channel_id, partner_id, parent_id from companies where account_name = 'bluefin-it'`;
    const [plan] = await sql<{ id: string; product_id: string }[]>`
      select id, product_id from service_plans where company_id = ${bluefin!.id} order by name limit 1`;
    const [batch] = await sql<{ id: string }[]>`
      insert into key_batches (company_id, channel_id, partner_id, plan_id, product_id, count, generated, valid_until, status, note)
      values (${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id}, ${plan!.id}, ${plan!.product_id}, 60, 60,
        current_date + 30, 'ready', ${`Walk ${tag}`})
      returning id`;
    for (let seq = 0; seq < 60; seq++) {
      const voided = seq < 5;
      await sql`
        insert into registration_keys (code, batch_id, seq, company_id, channel_id, partner_id, plan_id, product_id, status, voided_at, void_reason)
        values (${generateKeyCode('WK')}, ${batch!.id}, ${seq}, ${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id},
          ${plan!.id}, ${plan!.product_id}, ${voided ? 'voided' : 'available'}, ${voided ? new Date() : null}, ${voided ? 'Walked' : null})`;
    }

    await sql`
      insert into license_requests (company_id, channel_id, partner_id, parent_company_id, product_id, version_type, units, note)
      values (${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id}, ${bluefin!.parent_id}, ${plan!.product_id}, 'full', 7,
        ${`Walk ${tag}`})`;

    for (const name of ['A', 'B']) {
      await sql`
        insert into api_keys (company_id, channel_id, partner_id, name, prefix, secret_hash, scopes, revoked_at)
        select id, channel_id, partner_id, ${`Walk ${tag} ${name}`}, ${`kw_w${tag}${name.toLowerCase()}`}, ${randomBytes(32)},
          (select scopes from api_keys limit 1), now()
        from companies where account_name = 'northwind-distribution'`;
    }
  });
});

/** Chooses `option` in the list filter labelled `label`. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

interface Walk {
  /** The list's address with no filters. */
  path: string;
  /** What the unfiltered list shows. */
  unfiltered: (page: Page) => Promise<void>;
  /** Filters through the page's own controls. */
  filter: (page: Page) => Promise<void>;
  /** The address the filter leads to (a pattern over pathname and search). */
  filtered: RegExp;
  /** What the filtered list shows (and the unfiltered one does not). */
  showsFiltered: (page: Page) => Promise<void>;
  /** A select filter's label, the option chosen and what it reads with no filter. */
  control?: { label: string; chosen: string; all: string };
  /** A sortable column of the table and where clicking it leads; none when the list has a fixed order. */
  sort?: { table?: (page: Page) => Locator; header: string; address: RegExp; direction: 'ascending' | 'descending' };
}

const pathOf = (page: Page) => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};

async function expectAddress(page: Page, pattern: RegExp) {
  await expect.poll(() => pathOf(page)).toMatch(pattern);
}

/** Filter, sort, reload, then back step by step: the address and the screen agree at every step. */
async function walk(page: Page, list: Walk) {
  await page.goto(list.path);
  await list.unfiltered(page);

  await list.filter(page);
  await expectAddress(page, list.filtered);
  await list.showsFiltered(page);
  if (list.control) await expect(page.getByLabel(list.control.label, { exact: true })).toHaveText(list.control.chosen);

  const table = list.sort?.table?.(page) ?? page.getByRole('table').first();
  const header = list.sort ? table.getByRole('columnheader', { name: list.sort.header, exact: true }) : null;
  if (list.sort) {
    await table.getByRole('link', { name: list.sort.header, exact: true }).click();
    await expectAddress(page, list.sort.address);
    await expect(header!).toHaveAttribute('aria-sort', list.sort.direction);
    await list.showsFiltered(page);
  }

  // A reload of the address is the same list, filtered and sorted.
  await page.reload();
  await expectAddress(page, list.sort?.address ?? list.filtered);
  await list.showsFiltered(page);
  if (list.control) await expect(page.getByLabel(list.control.label, { exact: true })).toHaveText(list.control.chosen);
  if (list.sort) await expect(header!).toHaveAttribute('aria-sort', list.sort.direction);

  if (list.sort) {
    await page.goBack();
    await expectAddress(page, list.filtered);
    await expect(header!).not.toHaveAttribute('aria-sort', list.sort.direction);
    await list.showsFiltered(page);
  }
  await page.goBack();
  await expect.poll(() => pathOf(page)).toBe(list.path);
  await list.unfiltered(page);
  if (list.control) await expect(page.getByLabel(list.control.label, { exact: true })).toHaveText(list.control.all);
  await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
}

/** The footer's count, then Load more until every row is on screen. */
async function loadAll(page: Page, testid: string, first: RegExp, all: RegExp) {
  const count = page.getByTestId(testid);
  await expect(count).toHaveText(first);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(count).toHaveText(all);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
}

test('partners: filter by type, sort by created, reload, back', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  const table = page.getByRole('table');
  await walk(page, {
    path: '/licenses/partners',
    unfiltered: async () => {
      await expect(table.getByRole('link', { name: 'Bluefin IT Services' })).toBeVisible();
      await expect(table.getByRole('link', { name: 'Harbor Resellers' })).toBeVisible();
    },
    filter: (p) => choose(p, 'Type', 'Reseller'),
    filtered: /^\/licenses\/partners\?type=reseller$/,
    showsFiltered: async () => {
      await expect(table.getByRole('link', { name: 'Harbor Resellers' })).toBeVisible();
      await expect(table.getByRole('link', { name: 'Bluefin IT Services' })).toHaveCount(0);
    },
    control: { label: 'Type', chosen: 'Reseller', all: 'All types' },
    sort: { header: 'Created', address: /^\/licenses\/partners\?type=reseller&sort=createdAt$/, direction: 'ascending' },
  });
  // Northwind's two demo partners (and the few other specs add): no second page.
  await expect(page.getByTestId('partners-count')).toHaveText(/^Showing (\d+) of \1 partners?$/);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});

test('customers: filter the disabled ones, sort by created, reload, back', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1CustomerManager);
  const table = page.getByRole('table');
  const count = page.getByTestId('customers-count');
  await walk(page, {
    path: '/licenses/customers',
    unfiltered: async () => {
      await expect(table.getByRole('link', { name: 'Acme Dental Group' })).toBeVisible();
      // Northwind's 16 demo customers (and the few other specs add) fit one page: no Load more in
      // the demo data, for any user.
      await expect(count).toHaveText(/^Showing (\d+) of \1 customers$/);
      await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
    },
    filter: (p) => choose(p, 'Status', 'Disabled'),
    filtered: /^\/licenses\/customers\?status=disabled$/,
    showsFiltered: async () => {
      await expect(table.getByRole('link', { name: 'Cascade School District' })).toBeVisible();
      await expect(table.getByRole('link', { name: 'Acme Dental Group' })).toHaveCount(0);
      await expect(count).toHaveText(/^Showing (\d+) of \1 customers?$/);
    },
    control: { label: 'Status', chosen: 'Disabled', all: 'All statuses' },
    sort: { header: 'Created', address: /^\/licenses\/customers\?status=disabled&sort=createdAt$/, direction: 'ascending' },
  });
});

test('service plans: filter trial plans, sort by product, reload, back', async ({ page, signInAs }) => {
  await signInAs(BLUEFIN_ADMIN);
  const table = page.getByRole('table');
  await walk(page, {
    path: '/licenses/service-plans',
    unfiltered: async () => {
      await expect(table.getByRole('row').filter({ hasText: 'Full' }).first()).toBeVisible();
    },
    filter: (p) => choose(p, 'Version', 'Trial'),
    filtered: /^\/licenses\/service-plans\?type=trial$/,
    showsFiltered: async () => {
      await expect(table.getByRole('row').filter({ hasText: 'Trial' }).first()).toBeVisible();
      await expect(table.getByRole('cell', { name: 'Full', exact: true })).toHaveCount(0);
    },
    control: { label: 'Version', chosen: 'Trial', all: 'Trial and full' },
    sort: { header: 'Product', address: /^\/licenses\/service-plans\?type=trial&sort=product$/, direction: 'ascending' },
  });
  // Bluefin's seven demo plans (and the few other specs add) fit one page: no second page.
  await expect(page.getByTestId('plans-count')).toHaveText(/^Showing (\d+) of \1 plans$/);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});

test('registration keys and batches: load more keys, filter the voided ones, reload, back', async ({ page, signInAs }) => {
  await signInAs(BLUEFIN_ADMIN);
  const batchId = await withE2eDatabase(async (sql) => {
    const [batch] = await sql<{ id: string }[]>`select id from key_batches where note = ${`Walk ${tag}`}`;
    return batch!.id;
  });
  // The spec's batch of 60 keys, by its address: a page of 50, then the rest.
  await page.goto(`/licenses/registration-keys?batch=${batchId}`);
  await loadAll(page, 'keys-count', /^Showing 50 of 60\b/, /^Showing 60 of 60\b/);

  // The batches above the keys: the latest ten, no filters, sort or further pages.
  const batches = page.getByRole('region', { name: 'Batches' }).getByRole('table');
  const keys = page.getByRole('region', { name: 'Keys' }).getByRole('table');
  await walk(page, {
    path: '/licenses/registration-keys',
    unfiltered: async () => {
      await expect(page.getByTestId('keys-count')).toHaveText(/^Showing 50 of [\d,]+/);
      await expect(batches.getByRole('row').filter({ hasText: `Walk ${tag}` })).toBeVisible();
    },
    filter: (p) => choose(p, 'Status', 'Voided'),
    filtered: /^\/licenses\/registration-keys\?status=voided$/,
    showsFiltered: async () => {
      await expect(keys.getByRole('row').filter({ hasText: 'Voided' }).first()).toBeVisible();
      await expect(keys.getByRole('row').filter({ hasText: 'Available' })).toHaveCount(0);
    },
    control: { label: 'Status', chosen: 'Voided', all: 'All statuses' },
    // Keys are listed in the order they were generated; the table has no sortable column.
  });

  // A batch opens on its own page, and back returns to the list as it was.
  await batches.getByRole('row').filter({ hasText: `Walk ${tag}` }).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/licenses\/registration-keys\/batches\/[0-9a-f-]{36}$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/licenses\/registration-keys$/);
  await expect(page.getByTestId('keys-count')).toHaveText(/^Showing 50 of [\d,]+/);
});

test('customer transactions: filter by type, reload, back', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  const rows = page.getByTestId('transaction-row');
  await walk(page, {
    path: '/admin/transactions',
    unfiltered: async () => {
      await expect(rows.first()).toBeVisible();
    },
    filter: (p) => choose(p, 'Type', 'New purchase'),
    filtered: /^\/admin\/transactions\?type=new-purchase$/,
    showsFiltered: async () => {
      await expect(rows.first()).toContainText('New purchase');
    },
    control: { label: 'Type', chosen: 'New purchase', all: 'All types' },
    // Newest first always: no sortable column. The demo's transactions fit one page of 50.
  });
});

for (const tab of ['sent', 'scheduled'] as const) {
  const title = tab === 'sent' ? 'Sent Mails' : 'Scheduled';
  test(`${title}: filter by recipient, load more, reload, back`, async ({ page, signInAs }) => {
    await signInAs(BLUEFIN_ADMIN);
    const path = `/admin/email-notifications/${tab}`;
    const ours = page.getByRole('row').filter({ hasText: `${MAIL_FILTER}-${tab}-` });
    await walk(page, {
      path,
      unfiltered: async () => {
        await expect(page.getByLabel('Recipient')).toHaveValue('');
        await expect(page.getByTestId(`${tab}-count`)).toHaveText(/^Showing 25 of [\d,]+/);
      },
      filter: async (p) => {
        await p.getByLabel('Recipient').fill(`${MAIL_FILTER}-${tab}`);
        await p.getByRole('button', { name: 'Apply filters' }).click();
      },
      filtered: new RegExp(`^${path}\\?recipient=${MAIL_FILTER}-${tab}$`),
      showsFiltered: async (p) => {
        await expect(p.getByLabel('Recipient')).toHaveValue(`${MAIL_FILTER}-${tab}`);
        await expect(ours).toHaveCount(25);
        await expect(p.getByRole('row').filter({ hasText: '@' }).filter({ hasNotText: MAIL_FILTER })).toHaveCount(0);
      },
      // Sent Mails are newest first and Scheduled soonest first: neither has a sortable column.
    });
    // Thirty of the spec's mails: a second page.
    await page.goto(`${path}?recipient=${MAIL_FILTER}-${tab}`);
    await loadAll(page, `${tab}-count`, /^Showing 25 of 30\b/, /^Showing 30 of 30\b/);
    await expect(ours).toHaveCount(30);
  });
}

test('accounts: filter by role, sort by email, reload, back', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  const table = page.getByRole('table');
  await walk(page, {
    path: '/admin/company',
    unfiltered: async () => {
      await expect(table.getByText(USERS.tier1Admin)).toBeVisible();
      await expect(table.getByText(USERS.tier1BillingManager)).toBeVisible();
    },
    filter: (p) => choose(p, 'Role', 'Billing Manager'),
    filtered: /^\/admin\/company\?role=billing_manager$/,
    showsFiltered: async () => {
      await expect(table.getByText(USERS.tier1BillingManager)).toBeVisible();
      await expect(table.getByText(USERS.tier1Admin)).toHaveCount(0);
    },
    control: { label: 'Role', chosen: 'Billing Manager', all: 'All roles' },
    sort: { header: 'Email', address: /^\/admin\/company\?role=billing_manager&sort=email$/, direction: 'ascending' },
  });
  // Seven accounts: no second page in the demo data.
});

test('license requests: the requests list keeps its rows on reload and back', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/pool');
  const requests = page.getByRole('table', { name: 'Requests from your partners' });
  const ours = requests.getByRole('row').filter({ hasText: 'Bluefin IT Services' });
  await expect(ours.first()).toBeVisible();
  // No filters, sort or second page: requests are few and listed newest first.
  await page.reload();
  await expect(ours.first()).toBeVisible();
  await page.goto('/licenses/partners');
  await page.goBack();
  await expect(page).toHaveURL(/\/licenses\/pool$/);
  await expect(ours.first()).toBeVisible();
});

test('legal documents: filter by kind, reload, back; data centers keep their tab', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  const documents = page.getByRole('table', { name: 'Legal documents' });
  await walk(page, {
    path: '/admin/branding',
    unfiltered: async () => {
      await expect(documents.getByText('Endpoint Protection EULA')).toBeVisible();
      await expect(documents.getByText('Keyway Privacy Statement')).toBeVisible();
    },
    filter: (p) => choose(p, 'Kind', 'Privacy statement'),
    filtered: /^\/admin\/branding\?kind=privacy$/,
    showsFiltered: async () => {
      await expect(documents.getByText('Keyway Privacy Statement')).toBeVisible();
      await expect(documents.getByText('Endpoint Protection EULA')).toHaveCount(0);
    },
    control: { label: 'Kind', chosen: 'Privacy statement', all: 'All kinds' },
    // Documents are grouped by kind, product and language: no sortable column. Seven fit a page.
  });

  // Data centers: a tab of the same page, with no filters, sort or second page (four of them).
  await page.getByRole('tab', { name: 'Data centers' }).click();
  await expectAddress(page, /^\/admin\/branding\?tab=data-centers$/);
  const centers = page.getByRole('table', { name: 'Data centers' });
  await expect(centers.getByText('EU Central (Frankfurt)')).toBeVisible();
  await page.reload();
  await expect(centers.getByText('EU Central (Frankfurt)')).toBeVisible();
  await page.goBack();
  await expect.poll(() => pathOf(page)).toBe('/admin/branding');
  await expect(documents.getByText('Endpoint Protection EULA')).toBeVisible();
});

test('API keys: filter by status, sort by name, reload, back', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  const rows = page.getByTestId('api-key-row');
  await walk(page, {
    path: '/admin/company/api-keys',
    unfiltered: async () => {
      await expect(rows.filter({ hasText: 'Demo usage reporter' })).toBeVisible();
    },
    filter: (p) => choose(p, 'Status', 'Revoked'),
    filtered: /^\/admin\/company\/api-keys\?status=revoked$/,
    showsFiltered: async () => {
      await expect(rows.filter({ hasText: `Walk ${tag} A` })).toContainText('Revoked');
      await expect(rows.filter({ hasText: `Walk ${tag} B` })).toContainText('Revoked');
      await expect(rows.filter({ hasText: 'Demo usage reporter' })).toHaveCount(0);
    },
    control: { label: 'Status', chosen: 'Revoked', all: 'All statuses' },
    sort: { header: 'Name', address: /^\/admin\/company\/api-keys\?status=revoked&sort=name(&dir=asc)?$/, direction: 'ascending' },
  });
  // Three keys: no second page.
});

test('billing reports: filter by status, sort by partner, reload, back', async ({ page, signInAs }) => {
  await signInAs(USERS.tier1Admin);
  const rows = page.getByTestId('billing-report-row');
  await walk(page, {
    path: '/reports/billing',
    unfiltered: async () => {
      // The demo's bills of the cycle before last: Northwind's own draft, Bluefin's submitted.
      await expect(rows.filter({ hasText: 'Bluefin IT Services' }).first()).toBeVisible();
      await expect(rows.filter({ hasText: 'Northwind Distribution (direct customers)' }).first()).toBeVisible();
    },
    filter: (p) => choose(p, 'Status', 'Draft'),
    filtered: /^\/reports\/billing\?status=draft$/,
    showsFiltered: async () => {
      await expect(rows.filter({ hasText: 'Northwind Distribution (direct customers)' }).first()).toContainText('Draft');
      await expect(rows.filter({ hasText: 'Bluefin IT Services' })).toHaveCount(0);
    },
    control: { label: 'Status', chosen: 'Draft', all: 'All statuses' },
    sort: { header: 'Partner', address: /^\/reports\/billing\?status=draft&sort=company(&dir=asc)?$/, direction: 'ascending' },
  });
});

test('billing intake: the vendor filters by parent account, sorts by status, reloads, goes back', async ({ page, signInAs }) => {
  await signInAs(VENDOR_ADMIN);
  const rows = page.getByTestId('billing-report-row');
  await walk(page, {
    path: '/reports/billing',
    unfiltered: async () => {
      await expect(rows.filter({ hasText: 'Bluefin IT Services' }).first()).toBeVisible();
      await expect(rows.filter({ hasText: 'Summit Managed Services' }).first()).toBeVisible();
    },
    filter: (p) => choose(p, 'Parent account', 'Contoso Networks'),
    filtered: /^\/reports\/billing\?tier1=[0-9a-f-]{36}$/,
    showsFiltered: async () => {
      await expect(rows.filter({ hasText: 'Summit Managed Services' }).first()).toBeVisible();
      await expect(rows.filter({ hasText: 'Bluefin IT Services' })).toHaveCount(0);
    },
    control: { label: 'Parent account', chosen: 'Contoso Networks', all: 'All parent accounts' },
    sort: { header: 'Status', address: /^\/reports\/billing\?tier1=[0-9a-f-]{36}&sort=status(&dir=asc)?$/, direction: 'ascending' },
  });
});
