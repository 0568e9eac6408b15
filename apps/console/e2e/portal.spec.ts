import { generateKeyCode, formatKey } from '@keyway/core/registration-keys';
import { expect, test, withE2eDatabase } from './fixtures.ts';

const CUSTOMER = 'admin@acme-dental.example';

/**
 * A product that runs in a data center and needs an activation code, a Bluefin plan of it with
 * units in Bluefin's pool, the vendor's EULA and privacy statement when none is published, and
 * two fresh keys of that plan: one available, one voided.
 */
async function freshKeys(): Promise<{ available: string; voided: string }> {
  return withE2eDatabase(async (sql) => {
    const [bluefin] = await sql<{ id: string; channel_id: string; partner_id: string }[]>`
      select id, channel_id, partner_id from companies where account_name = 'bluefin-it'`;
    const [product] = await sql<{ id: string }[]>`
      insert into products (code, name, unit_types, saas, needs_activation_code)
      values ('QP', 'Quillpoint Backup', '{user}', true, true)
      on conflict (code) do update set enabled = true returning id`;
    await sql`
      insert into license_pools (company_id, channel_id, partner_id, product_id, full_total)
      values (${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id}, ${product!.id}, 1000)
      on conflict (company_id, product_id) do update set full_total = license_pools.full_total + 10`;
    await sql`
      insert into service_plans (company_id, channel_id, partner_id, name, product_id, version_type, unit_type, units_per_license, initial_period_months)
      values (${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id}, 'Quillpoint Backup Annual', ${product!.id}, 'full', 'user', 3, 12)
      on conflict do nothing`;
    const [plan] = await sql<{ id: string }[]>`
      select id from service_plans where company_id = ${bluefin!.id} and name = 'Quillpoint Backup Annual'`;
    for (const kind of ['eula', 'privacy'] as const) {
      const productId = kind === 'eula' ? product!.id : null;
      const [published] = await sql`
        select 1 from legal_documents where company_id is null and kind = ${kind} and status = 'published'
          and language = 'en' and product_id is not distinct from ${productId}`;
      if (!published) {
        await sql`
          insert into legal_documents (company_id, kind, product_id, language, version, title, body, status, published_at)
          values (null, ${kind}, ${productId}, 'en',
            (select coalesce(max(version), 0) + 1 from legal_documents where company_id is null and kind = ${kind} and language = 'en' and product_id is not distinct from ${productId}),
            ${kind === 'eula' ? 'Quillpoint Backup EULA' : 'Keyway privacy statement'}, ${'# Terms\n\nUse it well.'}, 'published', now())`;
      }
    }
    const [batch] = await sql<{ id: string }[]>`
      insert into key_batches (company_id, channel_id, partner_id, plan_id, product_id, count, generated, valid_until, status)
      values (${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id}, ${plan!.id}, ${product!.id}, 2, 2, current_date + 30, 'ready')
      returning id`;
    const codes = [generateKeyCode('QP'), generateKeyCode('QP')];
    for (const [seq, code] of codes.entries()) {
      await sql`
        insert into registration_keys (code, batch_id, seq, company_id, channel_id, partner_id, plan_id, product_id, status, voided_at, void_reason)
        values (${code}, ${batch!.id}, ${seq}, ${bluefin!.id}, ${bluefin!.channel_id}, ${bluefin!.partner_id}, ${plan!.id}, ${product!.id},
          ${seq === 0 ? 'available' : 'voided'}, ${seq === 0 ? null : new Date()}, ${seq === 0 ? null : 'Sent to the wrong customer'})`;
    }
    return { available: formatKey(codes[0]!), voided: formatKey(codes[1]!) };
  });
}

test('a customer registers a key in the portal, accepts the documents, picks a data center and gets its license and activation code; a voided key is refused', async ({
  page,
  signInAs,
}) => {
  const keys = await freshKeys();
  await signInAs(CUSTOMER);
  await page.goto('/portal');
  await expect(page.getByRole('heading', { name: 'My Products' })).toBeVisible();

  await page.getByRole('button', { name: 'Register a key' }).click();
  // Typed the way people type keys: lower case, no hyphens.
  await page.getByLabel('Registration key').fill(keys.available.replaceAll('-', '').toLowerCase());
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByText('Quillpoint Backup Annual')).toBeVisible();
  // The privacy statement reads as a document: its heading, its list and its link are elements.
  const privacy = page.getByRole('region', { name: /privacy statement$/i });
  await expect(privacy.getByRole('heading', { name: 'Privacy Statement' })).toBeVisible();
  await expect(privacy.getByRole('listitem').first()).toBeVisible();
  await expect(privacy.getByRole('link', { name: 'privacy@keyway.example' })).toHaveAttribute('href', 'mailto:privacy@keyway.example');
  const next = page.getByRole('button', { name: 'Continue' });
  await expect(next).toBeDisabled();
  await page.getByLabel('I accept the EULA').check();
  await expect(next).toBeDisabled();
  await page.getByLabel('I accept the privacy statement').check();
  await next.click();

  await page.getByLabel('EU Central (Frankfurt)').check();
  await page.getByRole('button', { name: 'Register key' }).click();

  const done = page.getByTestId('registration-done');
  await expect(done).toContainText(`Key ${keys.available} is registered.`);
  await expect(done).toContainText('3 user');
  const code = (await done.getByTestId('activation-code').textContent())!.trim();
  expect(code).toMatch(/^QP-[0-9A-Z]{4}(-[0-9A-Z]{5}){5}$/);

  const row = page.getByTestId('portal-license-row').filter({ hasText: code });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Quillpoint Backup Annual');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('EU Central (Frankfurt)');

  await page.getByRole('button', { name: 'Register another key' }).click();
  await page.getByLabel('Registration key').fill(keys.voided);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('This key was voided by the partner that issued it: ask them for a new one.')).toBeVisible();
  await expect(page.getByLabel('Registration key')).toHaveAttribute('aria-invalid', 'true');
});
