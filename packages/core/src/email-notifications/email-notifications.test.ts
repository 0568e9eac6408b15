import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { emailMessages } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '../jobs/index.ts';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { DomainError } from '../errors.ts';
import { dispatchScheduledEmails } from './dispatch.ts';
import { getEmail, listScheduledEmails, listSentEmails, rescheduleEmails, resendEmail, sendScheduledNow } from './messages.ts';
import { queueEmail, queueEmails } from './queue.ts';
import { getTemplate, listTemplates, previewTemplate, resetTemplate, resolveTemplate, updateTemplate } from './templates.ts';

let t: TestDb;
let jobs: JobQueue;
beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
});
afterAll(async () => {
  await jobs.stop();
  await t.drop();
});

const jobCount = async (messageId: string) =>
  Number(
    (
      await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from pgboss.job where name = 'email.send' and data->>'messageId' = ${messageId}`,
      )
    )[0]!.n,
  );

const blocks = {
  heading: 'Your {{productName}} licenses',
  intro: 'Hello {{customerName}},',
  body: 'We added {{units}} {{unitType}}.',
  action: 'Open the console',
  closing: 'Bluefin IT',
};

async function mailTo(account: string, options: { scheduledFor?: Date; email?: string } = {}) {
  const company = await companyByAccount(t.db, account);
  return t.db.transaction((tx) =>
    queueEmail(tx, jobs, {
      event: 'license-added',
      companyId: company.id,
      to: { email: options.email ?? `admin@${account}.example`, name: 'Dana <Admin>' },
      variables: { customerName: company.name, productName: 'Endpoint Protection', units: 25, unitType: 'devices', portalUrl: 'https://console.example/licenses' },
      scheduledFor: options.scheduledFor,
    }),
  );
}

describe('queueing a mail', () => {
  it('writes the rendered row and its email.send job in the same transaction', async () => {
    const queued = await mailTo('acme-dental');
    const [row] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, queued!.id));
    expect(row).toMatchObject({ status: 'queued', event: 'license-added', recipientEmail: 'admin@acme-dental.example' });
    expect(row!.html).toContain('Endpoint Protection');
    expect(row!.text).toContain('Endpoint Protection');
    expect(await jobCount(queued!.id)).toBe(1);
  });

  it('leaves neither mail nor job when the change rolls back', async () => {
    const company = await companyByAccount(t.db, 'acme-dental');
    let id: string | undefined;
    await t.db
      .transaction(async (tx) => {
        const queued = await queueEmail(tx, jobs, {
          event: 'account-created',
          companyId: company.id,
          to: { email: 'rollback@acme-dental.example' },
          variables: { recipientName: 'Roll Back', setPasswordUrl: 'https://console.example/set', signInUrl: 'https://console.example' },
        });
        id = queued!.id;
        throw new Error('the change that caused the mail failed');
      })
      .catch(() => {});
    expect(id).toBeDefined();
    expect(await t.db.select().from(emailMessages).where(eq(emailMessages.id, id!))).toHaveLength(0);
    expect(await jobCount(id!)).toBe(0);
  });
});

describe('queueing in bulk', () => {
  const manyTo = async (account: string, count: number, rollback = false) => {
    const company = await companyByAccount(t.db, account);
    const mails = Array.from({ length: count }, (_, i) => ({
      event: 'license-added' as const,
      companyId: company.id,
      to: { email: `bulk-${i}@${account}.example` },
      variables: { customerName: company.name, productName: `Product ${i} & <Co>`, units: i, unitType: 'devices', portalUrl: 'https://console.example/licenses' },
    }));
    let ids: string[] = [];
    await t.db
      .transaction(async (tx) => {
        ids = (await queueEmails(tx, jobs, mails)).map((mail) => mail!.id);
        if (rollback) throw new Error('the change that caused the mails failed');
      })
      .catch((error: unknown) => {
        if (!rollback) throw error;
      });
    return ids;
  };
  const jobsOf = async (ids: string[]) =>
    t.db.execute<{ ids: string[] }>(sql`
      select array(select jsonb_array_elements_text(data->'messageIds')) as ids from pgboss.job
      where name = 'email.send' and data->'messageIds' ?| ${`{${ids.join(',')}}`}::text[]`);

  it('writes every row and one email.send job per 100 mails, in the transaction', async () => {
    const ids = await manyTo('acme-dental', 250);
    const rows = await t.db.select().from(emailMessages).where(inArray(emailMessages.id, ids));
    expect(rows).toHaveLength(250);
    expect(rows.every((row) => row.status === 'queued')).toBe(true);
    const row = rows.find((r) => r.recipientEmail === 'bulk-7@acme-dental.example')!;
    expect(row.html).toContain('Product 7 &amp; &lt;Co&gt;');
    expect(row.text).toContain('Product 7 & <Co>');
    const batches = await jobsOf(ids);
    expect(batches.map((b) => b.ids.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(batches.flatMap((b) => b.ids).sort()).toEqual([...ids].sort());
  });

  it('leaves neither mails nor jobs when the change rolls back', async () => {
    const ids = await manyTo('acme-dental', 120, true);
    expect(ids).toHaveLength(120);
    expect(await t.db.select().from(emailMessages).where(inArray(emailMessages.id, ids))).toHaveLength(0);
    expect(await jobsOf(ids)).toHaveLength(0);
  });

  it('fills the template as published at the time: a new text applies to the next mail', async () => {
    const bluefin = await actorFor(t.db, 'admin@bluefin-it.example');
    const publish = (body: string) =>
      updateTemplate(t.db, bluefin, { event: 'license-added', language: 'en', enabled: true, subject: 'Added', blocks: { ...blocks, body }, sendToCustomer: true });
    await publish('First words for {{units}} {{unitType}}.');
    const [before] = await manyTo('acme-dental', 1);
    await publish('Second words for {{units}} {{unitType}}.');
    const [after] = await manyTo('acme-dental', 1);
    const rows = await t.db.select().from(emailMessages).where(inArray(emailMessages.id, [before!, after!]));
    expect(rows.find((r) => r.id === before)!.text).toContain('First words for 0 devices.');
    expect(rows.find((r) => r.id === after)!.text).toContain('Second words for 0 devices.');
    expect(rows.find((r) => r.id === after)!.text).not.toContain('First words');
    await resetTemplate(t.db, bluefin, { event: 'license-added', language: 'en' });
  });
});

describe('templates', () => {
  it('inherit: company → parent → built-in default', async () => {
    const acme = await companyByAccount(t.db, 'acme-dental');
    expect((await resolveTemplate(t.db, acme.id, 'license-added', 'en')).source).toEqual({ kind: 'default' });

    const northwind = await actorFor(t.db, 'admin@northwind-distribution.example');
    await updateTemplate(t.db, northwind, { event: 'license-added', language: 'en', enabled: true, subject: 'Northwind: {{productName}} added', blocks, sendToCustomer: true });
    const fromChannel = await resolveTemplate(t.db, acme.id, 'license-added', 'en');
    expect(fromChannel.subject).toBe('Northwind: {{productName}} added');
    expect(fromChannel.source).toMatchObject({ kind: 'inherited', companyName: 'Northwind Distribution' });

    const bluefin = await actorFor(t.db, 'admin@bluefin-it.example');
    await updateTemplate(t.db, bluefin, { event: 'license-added', language: 'en', enabled: true, subject: 'Bluefin: {{productName}} added', blocks, sendToCustomer: true });
    expect((await resolveTemplate(t.db, acme.id, 'license-added', 'en')).source).toMatchObject({ kind: 'inherited', companyName: 'Bluefin IT Services' });

    const queued = await mailTo('acme-dental');
    const [row] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, queued!.id));
    expect(row!.subject).toBe('Bluefin: Endpoint Protection added');
    expect(row!.html).toContain('We added 25 devices.');

    // Another channel's customer is untouched by Northwind's and Bluefin's templates.
    const globex = await companyByAccount(t.db, 'globex');
    expect((await resolveTemplate(t.db, globex.id, 'license-added', 'en')).source).toEqual({ kind: 'default' });

    const list = await listTemplates(t.db, bluefin, {});
    expect(list.find((e) => e.event === 'license-added')!.source).toMatchObject({ kind: 'own' });
    expect(list.find((e) => e.event === 'reset-password')!.source).toEqual({ kind: 'default' });

    await resetTemplate(t.db, bluefin, { event: 'license-added', language: 'en' });
    expect((await getTemplate(t.db, bluefin, { event: 'license-added' })).source).toMatchObject({ kind: 'inherited', companyName: 'Northwind Distribution' });
  });

  it('reject unknown variables on save with a message naming them, and save nothing', async () => {
    const bluefin = await actorFor(t.db, 'admin@bluefin-it.example');
    const error = await updateTemplate(t.db, bluefin, {
      event: 'license-added',
      language: 'en',
      enabled: true,
      subject: 'Hi {{customerNmae}}',
      blocks: { ...blocks, body: 'Price: {{price}}' },
      sendToCustomer: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('BAD_REQUEST');
    expect((error as DomainError).message).toContain('Unknown variables: {{customerNmae}}, {{price}}.');
    expect((await getTemplate(t.db, bluefin, { event: 'license-added' })).source).not.toMatchObject({ kind: 'own' });
  });

  it('writes to a German-speaking customer in German when no company wrote the mail', async () => {
    // Globex Logistics is a German company; nobody in its chain has a template of its own.
    const queued = await mailTo('globex');
    const [row] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, queued!.id));
    expect(row).toMatchObject({ language: 'de', subject: 'Ihre Endpoint Protection-Lizenz ist bereit' });
    expect(row!.text).toContain('für Globex Logistics wurde eine Endpoint Protection-Lizenz hinzugefügt');
    expect(row!.text).toContain('Gesendet von');
  });

  it('a disabled template sends nothing', async () => {
    const summit = await actorFor(t.db, 'admin@summit-msp.example');
    await updateTemplate(t.db, summit, { event: 'license-added', language: 'en', enabled: false, subject: 'x', blocks, sendToCustomer: true });
    expect(await mailTo('globex')).toBeNull();
  });

  it('preview with sample values before saving', async () => {
    const bluefin = await actorFor(t.db, 'admin@bluefin-it.example');
    const preview = await previewTemplate(t.db, bluefin, { event: 'license-added', subject: 'Preview {{productName}}', blocks: { intro: 'Dear {{customerName}}' } });
    expect(preview.subject).toMatch(/^Preview \S/);
    expect(preview.html).toContain('Dear ');
    expect(preview.html).not.toContain('{{customerName}}');
  });
});

describe('scheduled mails', () => {
  it('go out when due and not before', async () => {
    const past = await mailTo('sequoia-law', { scheduledFor: new Date(Date.now() - 60_000) });
    const future = await mailTo('sequoia-law', { scheduledFor: new Date(Date.now() + 3_600_000) });
    // A mail written with a past date is due at once.
    expect(past!.status).toBe('queued');
    expect(future!.status).toBe('scheduled');
    await t.db.update(emailMessages).set({ status: 'scheduled' }).where(eq(emailMessages.id, past!.id));

    expect(await dispatchScheduledEmails(t.db, jobs)).toBe(1);
    const rows = await t.db.select().from(emailMessages).where(eq(emailMessages.recipientEmail, 'admin@sequoia-law.example'));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [past!.id]: 'queued', [future!.id]: 'scheduled' });
    expect(await jobCount(future!.id)).toBe(0);
    expect(await dispatchScheduledEmails(t.db, jobs)).toBe(0);
  });

  it('can be sent now or moved, within scope only', async () => {
    const a = await mailTo('beacon-accounting', { scheduledFor: new Date(Date.now() + 86_400_000) });
    const b = await mailTo('beacon-accounting', { scheduledFor: new Date(Date.now() + 86_400_000) });
    const reseller = await actorFor(t.db, 'admin@harbor-resellers.example');
    const otherChannel = await actorFor(t.db, 'admin@contoso-networks.example');

    expect((await listScheduledEmails(t.db, otherChannel, {})).items.map((m) => m.id)).not.toContain(a!.id);
    expect(await sendScheduledNow(t.db, jobs, otherChannel, { ids: [a!.id] })).toEqual({ queued: [], skipped: [a!.id] });

    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await rescheduleEmails(t.db, reseller, { ids: [b!.id], scheduledFor: later })).toEqual({ rescheduled: [b!.id], skipped: [] });
    await expect(rescheduleEmails(t.db, reseller, { ids: [b!.id], scheduledFor: new Date(Date.now() - 1000) })).rejects.toThrow('in the future');

    const listed = await listScheduledEmails(t.db, reseller, { filters: { event: 'license-added' } });
    expect(listed.items.map((m) => m.id).sort()).toEqual([a!.id, b!.id].sort());
    expect(listed.items.find((m) => m.id === b!.id)!.scheduledFor.toISOString()).toBe(later.toISOString());

    expect(await sendScheduledNow(t.db, jobs, reseller, { ids: [a!.id] })).toEqual({ queued: [a!.id], skipped: [] });
    expect(await jobCount(a!.id)).toBe(1);
    // Not scheduled any more: a second send-now does nothing.
    expect(await sendScheduledNow(t.db, jobs, reseller, { ids: [a!.id] })).toEqual({ queued: [], skipped: [a!.id] });
  });
});

describe('sent mails', () => {
  it('resend creates a linked copy with the same content', async () => {
    const original = await mailTo('golden-gate-arch');
    await t.db.update(emailMessages).set({ status: 'sent', sentAt: new Date(), providerMessageId: 'outbox-1' }).where(eq(emailMessages.id, original!.id));
    const bluefin = await actorFor(t.db, 'admin@bluefin-it.example');
    const { id } = await resendEmail(t.db, jobs, bluefin, { id: original!.id });
    const copy = await getEmail(t.db, bluefin, { id });
    const first = await getEmail(t.db, bluefin, { id: original!.id });
    expect(copy).toMatchObject({ resentFromId: original!.id, status: 'queued', subject: first.subject, html: first.html, recipientEmail: first.recipientEmail });
    expect(await jobCount(id)).toBe(1);
  });

  it('are listed and opened only within scope', async () => {
    const mail = await mailTo('golden-gate-arch', { email: 'scope-check@golden-gate-arch.example' });
    const bluefin = await actorFor(t.db, 'admin@bluefin-it.example');
    const contoso = await actorFor(t.db, 'admin@contoso-networks.example');
    const harbor = await actorFor(t.db, 'admin@harbor-resellers.example');

    const mine = await listSentEmails(t.db, bluefin, { filters: { recipient: 'SCOPE-CHECK' } });
    expect(mine.items.map((m) => m.id)).toEqual([mail!.id]);
    expect(mine.items[0]!.companyName).toBe('Golden Gate Architects');
    for (const outsider of [contoso, harbor]) {
      expect((await listSentEmails(t.db, outsider, { filters: { recipient: 'scope-check' } })).total).toBe(0);
      await expect(getEmail(t.db, outsider, { id: mail!.id })).rejects.toThrow('Mail was not found.');
      await expect(resendEmail(t.db, jobs, outsider, { id: mail!.id })).rejects.toThrow('Mail was not found.');
    }
    const rows = await t.db.select().from(emailMessages).where(and(eq(emailMessages.resentFromId, mail!.id)));
    expect(rows).toHaveLength(0);
  });
});

describe('single-use links', () => {
  it('are hidden when a stored mail is shown, and such a mail is never resent', async () => {
    const company = await companyByAccount(t.db, 'pinecrest-medical');
    const url = 'http://console.test/reset-password/abcdefghijklmnopqrstuvwxyz234567';
    const queued = await t.db.transaction((tx) =>
      queueEmail(tx, jobs, {
        event: 'reset-password',
        companyId: company.id,
        to: { email: 'admin@pinecrest-medical.example', name: 'Pat' },
        variables: { recipientName: 'Pat', accountName: 'admin@pinecrest-medical.example', resetUrl: url, validForHours: 2 },
      }),
    );
    const [stored] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, queued!.id));
    expect(stored!.text).toContain(url); // the recipient gets the link
    await t.db.update(emailMessages).set({ status: 'sent' }).where(eq(emailMessages.id, queued!.id));

    const northwind = await actorFor(t.db, 'admin@northwind-distribution.example');
    const shown = await getEmail(t.db, northwind, { id: queued!.id });
    for (const text of [shown.html, shown.text, JSON.stringify(shown.variables)]) {
      expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz234567');
      expect(text).toContain('[single-use link hidden]');
    }
    expect(shown).toMatchObject({ carriesSecretLink: true, resendable: false });
    await expect(resendEmail(t.db, jobs, northwind, { id: queued!.id })).rejects.toThrow('single-use link');
  });
});
