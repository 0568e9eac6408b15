import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { licenses, products, servicePlans } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { companyByAccount, createSeededDb, waitForJob } from '@keyway/core/testing';
import { startWorker, type Worker } from './worker.ts';

let t: TestDb;
let worker: Worker;
beforeAll(async () => {
  t = await createSeededDb();
  worker = await startWorker({ databaseUrl: t.url });
});
afterAll(async () => {
  await worker?.stop(5);
  await t.drop();
});

describe('licenses.daily in the worker', () => {
  it('is scheduled every day, and a sent job runs the day it names, once', async () => {
    const schedules = await worker.boss.getSchedules();
    expect(schedules.find((s) => s.name === jobs.licensesDaily.name)).toMatchObject({ cron: '5 0 * * *' });

    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const acme = await companyByAccount(t.db, 'acme-dental');
    const [product] = await t.db.select().from(products).where(eq(products.code, 'EP'));
    const [plan] = await t.db
      .insert(servicePlans)
      .values({
        companyId: bluefin.id,
        channelId: bluefin.channelId,
        partnerId: bluefin.partnerId,
        customerId: bluefin.customerId,
        name: 'Endpoint yearly (worker test)',
        productId: product!.id,
        versionType: 'full',
        unitType: 'device',
        initialPeriodMonths: 12,
      })
      .returning();
    const [license] = await t.db
      .insert(licenses)
      .values({
        companyId: acme.id,
        channelId: acme.channelId,
        partnerId: acme.partnerId,
        customerId: acme.customerId,
        managingCompanyId: bluefin.id,
        planId: plan!.id,
        productId: product!.id,
        versionType: 'full',
        unitType: 'device',
        units: 3,
        status: 'active',
        startsOn: '2033-01-01',
        chargeStartsOn: '2033-01-01',
        expiresOn: '2033-12-31',
      })
      .returning();

    const day = '2034-01-02';
    const id = await worker.boss.send(jobs.licensesDaily.name, { day });
    const job = await waitForJob(worker.boss, jobs.licensesDaily.name, id!);
    expect(job.state).toBe('completed');
    expect(job.output).toMatchObject({ day, toGrace: expect.any(Number) });
    const [after] = await t.db.select().from(licenses).where(eq(licenses.id, license!.id));
    expect(after).toMatchObject({ status: 'grace', graceEndsOn: '2034-01-30' });

    const again = await worker.boss.send(jobs.licensesDaily.name, { day });
    const second = await waitForJob(worker.boss, jobs.licensesDaily.name, again!);
    expect(second.output).toMatchObject({ day, renewed: 0, toGrace: 0, expired: 0, unitsReturned: 0 });
    const [unchanged] = await t.db.select().from(licenses).where(eq(licenses.id, license!.id));
    expect(unchanged).toEqual(after);
  });

  it('refuses a payload whose day is not a date before it is queued', async () => {
    await expect(
      t.db.transaction((tx) => jobs.enqueue(tx, worker.boss, jobs.licensesDaily, { day: 'tomorrow' })),
    ).rejects.toThrow();
    const [row] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'licenses.daily' and data->>'day' = 'tomorrow'`,
    );
    expect(row!.n).toBe(0);
  });
});
