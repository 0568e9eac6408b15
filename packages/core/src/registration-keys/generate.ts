import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, keyBatches, products, type Db, type KeyBatch } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { consumeRateLimit, type RateLimit } from '../auth/index.ts';
import { assertWritable } from '../company/index.ts';
import { DomainError, isUniqueViolation, notFound } from '../errors.ts';
import { registrationKeysGenerate, type JobQueue } from '../jobs/index.ts';
import { addMonths, today } from '../dates.ts';
import { assignablePlan } from '../service-plans/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { generateKeyCodes } from './format.ts';
import { said, ZDay, ZText } from '../validation.ts';
import { formatCount, m } from '../i18n.ts';

/** Batches a company may start in one window: enough for any real use, not for filling the table. */
export const KEY_BATCH_RATE_LIMIT = { limit: 20, windowSeconds: 3600 } satisfies RateLimit;

/** Keys written per chunk: each chunk and the batch's progress commit together. */
export const KEY_CHUNK = 10_000;

/** Validity is at most this many months ahead. */
const MAX_VALIDITY_MONTHS = 60;

export const ZCreateKeyBatchInput = z.object({
  planId: z.uuid(said(m.licenses_plan_choose)),
  count: z
    .number(said(m.keys_count_required))
    .int(said(m.keys_count_whole))
    .min(1, said(m.keys_count_min))
    .max(1_000_000, said(() => m.keys_count_max({ max: formatCount(1_000_000) }))),
  validUntil: ZDay(m.keys_valid_until_format),
  note: ZText(500, { tooLong: () => m.keys_note_too_long({ max: formatCount(500) }) })
    .nullish()
    .transform((note) => note || null),
});
export type TCreateKeyBatchInput = z.input<typeof ZCreateKeyBatchInput>;

/** A batch as the console shows it. */
export function keyBatchView(batch: KeyBatch) {
  return {
    id: batch.id,
    companyId: batch.companyId,
    planId: batch.planId,
    productId: batch.productId,
    count: batch.count,
    generated: batch.generated,
    validUntil: batch.validUntil,
    note: batch.note,
    status: batch.status,
    error: batch.error,
    createdBy: batch.createdBy,
    createdAt: batch.createdAt,
    finishedAt: batch.finishedAt,
  };
}

/**
 * "Generate registration keys" on a service plan the actor's company may assign: records the batch
 * (issued by the actor's company, with its stamps) and queues its generation in one transaction,
 * so a batch is never left without its job nor a job without its batch. Reserves nothing from the
 * pool: registering a key draws its units. Limited to KEY_BATCH_RATE_LIMIT batches per company.
 */
export async function createKeyBatch(db: Db, jobs: JobQueue, actor: Actor, input: TCreateKeyBatchInput) {
  const { planId, count, validUntil, note } = ZCreateKeyBatchInput.parse(input);
  const day = today();
  if (validUntil < day) {
    throw new DomainError('BAD_REQUEST', m.keys_valid_today_or_later(), { field: 'validUntil' });
  }
  const latest = addMonths(day, MAX_VALIDITY_MONTHS);
  if (validUntil > latest) {
    throw new DomainError('BAD_REQUEST', m.keys_valid_five_years({ latest }), {
      field: 'validUntil',
    });
  }
  return db.transaction(async (tx) => {
    const [company] = await tx.select().from(companies).where(eq(companies.id, actor.company.id));
    if (!company) throw notFound(m.not_found_company());
    await assertWritable(tx, company);
    const { plan, product } = await assignablePlan(tx, actor, planId).catch((error: unknown) => {
      if (error instanceof DomainError) throw new DomainError(error.code, error.message, { ...error.details, field: 'planId' });
      throw error;
    });
    // Counted in this transaction: refused requests roll their attempt back with everything else.
    const limit = await consumeRateLimit(tx, `key-batches:${company.id}`, KEY_BATCH_RATE_LIMIT);
    if (!limit.allowed) {
      const minutes = Math.ceil(limit.retryAfterSeconds / 60);
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        m.keys_batches_rate_limit({ limit: String(KEY_BATCH_RATE_LIMIT.limit), minutes: m.keys_minutes({ count: minutes, n: String(minutes) }) }),
        { retryAfterSeconds: limit.retryAfterSeconds },
      );
    }
    const [batch] = await tx
      .insert(keyBatches)
      .values({
        companyId: company.id,
        channelId: company.channelId,
        partnerId: company.partnerId,
        customerId: company.customerId,
        planId: plan.id,
        productId: product.id,
        count,
        validUntil,
        note,
        createdBy: actor.userId,
      })
      .returning();
    await jobs.send(tx, registrationKeysGenerate, { batchId: batch!.id });
    await writeAudit(tx, actor, {
      company,
      action: 'key-batch.create',
      targetType: 'key_batch',
      targetId: batch!.id,
      after: { planId: plan.id, productId: product.id, count, validUntil, note },
    });
    return keyBatchView(batch!);
  });
}

export interface RunKeyBatchOptions {
  /** Keys per chunk (and per transaction). */
  chunk?: number;
  /** Called after each committed chunk with the batch's progress. */
  onChunk?: (generated: number, count: number) => void | Promise<void>;
  /** Draws `count` new codes for a prefix; `generateKeyCodes` unless a caller needs to force collisions. */
  draw?: (prefix: string, count: number) => string[];
}

export interface RunKeyBatchResult {
  status: KeyBatch['status'];
  count: number;
  generated: number;
  /** Keys written by this run (0 for a batch that was already complete). */
  written: number;
  /** Codes that collided with an existing key and were drawn again. */
  collisions: number;
}

/** Attempts at a chunk's collided codes before giving up: with 2^75 codes, never reached. */
const MAX_DRAWS = 20;

/**
 * Writes a batch's keys, chunk after chunk: each chunk takes the batch row `FOR UPDATE`, reads how
 * far it got, inserts the next keys (`seq` from `generated` on) and moves `generated`, all in one
 * transaction. A run that dies leaves whole chunks behind, and the next run resumes after the last
 * one; two runs at once queue on the row lock, and the unique (batch, seq) index refuses any key
 * written twice. A code that collides with an existing key is drawn again. Running it on a ready
 * batch writes nothing.
 */
export async function runKeyBatch(db: Db, batchId: string, options: RunKeyBatchOptions = {}): Promise<RunKeyBatchResult> {
  const chunk = Math.max(1, Math.floor(options.chunk ?? KEY_CHUNK));
  const draw = options.draw ?? generateKeyCodes;
  const [start] = await db
    .select({ batch: keyBatches, prefix: products.code })
    .from(keyBatches)
    .innerJoin(products, eq(products.id, keyBatches.productId))
    .where(eq(keyBatches.id, batchId));
  if (!start) throw notFound(m.not_found_key_batch());
  const { prefix } = start;
  if (start.batch.status === 'ready') {
    return { status: 'ready', count: start.batch.count, generated: start.batch.generated, written: 0, collisions: 0 };
  }
  await db
    .update(keyBatches)
    .set({ status: 'generating', error: null })
    .where(sql`${keyBatches.id} = ${batchId} and ${keyBatches.status} <> 'ready'`);

  let written = 0;
  let collisions = 0;
  for (;;) {
    const progress = await db.transaction(async (tx) => {
      const [batch] = await tx.select().from(keyBatches).where(eq(keyBatches.id, batchId)).for('update');
      if (!batch) throw notFound(m.not_found_key_batch());
      if (batch.generated >= batch.count) return { generated: batch.generated, count: batch.count };
      const end = Math.min(batch.generated + chunk, batch.count);
      let missing = Array.from({ length: end - batch.generated }, (_, i) => batch.generated + i);
      const insert = (codes: readonly string[], seqs: readonly number[]) => sql`
          insert into registration_keys (code, batch_id, seq, company_id, channel_id, partner_id, customer_id, plan_id, product_id)
          select k.code, ${batch.id}, k.seq, ${batch.companyId}, ${batch.channelId}, ${batch.partnerId}, ${batch.customerId}, ${batch.planId}, ${batch.productId}
          from unnest(string_to_array(${codes.join(',')}, ','), string_to_array(${seqs.join(',')}, ',')::int[]) as k(code, seq)`;
      // A plain insert first (one probe of the code's index a key, where `on conflict` makes two);
      // a collision rolls its savepoint back and the chunk is written below, drawing colliding codes again.
      const first = draw(prefix, missing.length);
      const plain = await tx
        .transaction(async (savepoint) => {
          await savepoint.execute(insert(first, missing));
          return true;
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error, 'registration_keys_code_key')) return false;
          throw error;
        });
      if (plain) missing = [];
      for (let attempt = 0; missing.length > 0; attempt++) {
        if (attempt === MAX_DRAWS) throw new Error(`${missing.length} key codes kept colliding after ${MAX_DRAWS} draws`);
        const codes = attempt === 0 ? first : draw(prefix, missing.length);
        const inserted = await tx.execute<{ seq: number }>(sql`${insert(codes, missing)}
          on conflict (code) do nothing
          returning seq
        `);
        if (inserted.length === missing.length) break;
        const done = new Set(inserted.map((row) => Number(row.seq)));
        const left = missing.filter((seq) => !done.has(seq));
        collisions += left.length;
        missing = left;
      }
      await tx.update(keyBatches).set({ generated: end }).where(eq(keyBatches.id, batch.id));
      written += end - batch.generated;
      return { generated: end, count: batch.count };
    });
    await options.onChunk?.(progress.generated, progress.count);
    if (progress.generated >= progress.count) break;
  }

  const [finished] = await db
    .update(keyBatches)
    .set({ status: 'ready', error: null, finishedAt: sql`coalesce(${keyBatches.finishedAt}, now())` })
    .where(eq(keyBatches.id, batchId))
    .returning();
  return { status: 'ready', count: finished!.count, generated: finished!.generated, written, collisions };
}

/**
 * Marks a batch failed with a message for the person who started it, after its job's last retry.
 * Keys already written stay; running the batch again resumes it.
 */
export async function markKeyBatchFailed(db: Db, batchId: string, message: string): Promise<void> {
  await db
    .update(keyBatches)
    .set({ status: 'failed', error: message })
    .where(sql`${keyBatches.id} = ${batchId} and ${keyBatches.status} <> 'ready'`);
}
