import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { callerFor, signedInAs } from '../testing/callers.ts';

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

const as = async (email: string) => callerFor(t.db, await signedInAs(t.db, email), undefined, jobs);
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
    expect(list).toHaveLength(13);
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
});
