import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import superjson from 'superjson';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { callerAs, signedInAs } from '../testing/callers.ts';
import { appRouter } from '../root.ts';

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

const as = (email: string) => callerAs(t.db, email, { jobs });
const SOME_ID = '00000000-0000-4000-8000-000000000000';

describe('emailNotifications router', () => {
  it('lets a reseller send scheduled mails now and move them, but not resend or edit templates', async () => {
    const reseller = await as('admin@harbor-resellers.example');
    await expect(reseller.emailNotifications.scheduled.list({})).resolves.toMatchObject({ items: [], total: 0 });
    await expect(reseller.emailNotifications.sent.resend({ id: SOME_ID })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reseller.emailNotifications.sent.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reseller.emailNotifications.templates.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets an MSP administrator edit its templates and read its sent mails', async () => {
    const msp = await as('admin@bluefin-it.example');
    const list = await msp.emailNotifications.templates.list({ language: 'en' });
    // Every event, the usage report reminder among them, in the order the page lists them.
    expect(list).toHaveLength(16);
    expect(list.map((e) => e.event).slice(8, 11)).toEqual(['usage-report-ready', 'usage-report-reminder', 'usage-report-rejected']);
    expect(list.map((e) => e.event).slice(11, 14)).toEqual(['billing-report-ready', 'billing-report-returned', 'billing-report-completed']);
    expect(list.every((e) => e.source.kind === 'default')).toBe(true);
    const saved = await msp.emailNotifications.templates.update({
      event: 'reset-password',
      language: 'en',
      enabled: true,
      subject: 'Reset your Bluefin password',
      blocks: { heading: 'Reset', intro: 'Hi {{recipientName}}', body: 'The link works for {{validForHours}} hours.', action: 'Choose a new password', closing: 'Bluefin IT' },
      sendToCustomer: false,
      timing: { kind: 'link-validity-hours', hours: 4 },
    });
    expect(saved).toMatchObject({ source: { kind: 'own' }, subject: 'Reset your Bluefin password', timing: { kind: 'link-validity-hours', hours: 4 } });
    await expect(msp.emailNotifications.sent.list({})).resolves.toMatchObject({ total: 0 });
  });

  it('explains what is wrong with a bad template', async () => {
    const msp = await as('admin@bluefin-it.example');
    const base = { event: 'reset-password' as const, language: 'en' as const, enabled: true, sendToCustomer: false, blocks: { heading: 'h', intro: 'i', body: 'b', action: 'a', closing: 'c' } };
    await expect(msp.emailNotifications.templates.update({ ...base, subject: 'Reset {{secret}}' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Unknown variables: {{secret}}.'),
    });
    await expect(msp.emailNotifications.templates.update({ ...base, subject: ' ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'subject: Write a subject.',
    });
    await expect(
      msp.emailNotifications.templates.update({ ...base, subject: 'ok', timing: { kind: 'link-validity-hours', hours: 500 } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('from 1 to 72') });
    await expect(msp.emailNotifications.templates.get({ event: 'no-such-event' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses to reschedule into the past with a clear message', async () => {
    const reseller = await as('admin@harbor-resellers.example');
    await expect(
      reseller.emailNotifications.scheduled.reschedule({ ids: [SOME_ID], scheduledFor: new Date(Date.now() - 60_000) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Choose a send date in the future, or use Send now.' });
    await expect(reseller.emailNotifications.scheduled.sendNow({ ids: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'ids: Select at least one mail.',
    });
  });

  it('previews a long template sent over HTTP the way the console sends it', async () => {
    const auth = await signedInAs(t.db, 'admin@bluefin-it.example');
    const handler = createHTTPHandler({
      router: appRouter,
      createContext: () => ({
        db: t.db,
        jobs,
        origin: 'http://console.test',
        auth,
        ip: '127.0.0.1',
        userAgent: 'vitest',
        cookies: { set: () => {}, clear: () => {}, device: null, setDevice: () => {} },
      }),
    });
    // Node's own header limit (16 KB) is what answered 431 to a template sent in the address.
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = createTRPCClient<typeof appRouter>({
        links: [httpBatchLink({ url: `http://127.0.0.1:${port}`, transformer: superjson })],
      });
      const paragraph = 'Your licenses renew on the first of the month; nothing needs doing. ';
      const long = (n: number) => paragraph.repeat(Math.ceil(n / paragraph.length)).slice(0, n);
      const blocks = { heading: long(684), intro: long(5000), body: long(5000), action: 'Open the console', closing: long(5000) };
      const subject = long(300);
      expect(subject.length + Object.values(blocks).reduce((n, b) => n + b.length, 0)).toBe(16_000);

      const preview = await client.emailNotifications.templates.preview.mutate({ event: 'reset-password', language: 'en', subject, blocks });
      expect(preview.subject).toBe(subject);
      expect(preview.text).toContain(blocks.body.slice(0, 200));
    } finally {
      server.close();
    }
  });
});
