import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@keyway/db';
import { consumeRateLimit, type RateLimit } from '../auth/index.ts';
import { DomainError } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { m } from '../i18n.ts';
import { said } from '../validation.ts';

/** Exports read every selected row: a few a minute per person is plenty. */
export const EXPORT_LIMIT: RateLimit = { limit: 10, windowSeconds: 10 * 60 };

export const ZExportFormat = z.enum(['csv', 'xlsx'], said(m.exports_format_choose));
export type ExportFileFormat = z.infer<typeof ZExportFormat>;

/** One column of an export file: the row's key and the header shown for it. */
export interface ExportColumn<Key extends string = string> {
  key: Key;
  header: string;
  /** A moment (`momentIn`): its header names the time zone the file writes it in. */
  moment?: true;
}

/**
 * A moment as every export writes it: `2026-12-04 09:30`, in the time zone of the person who
 * exports (Account Information), which the column's header names, e.g. "Created (Europe/Berlin)".
 * Calendar days (license dates, cycles) carry no zone and stay `YYYY-MM-DD`.
 */
export const momentIn = (value: SQL, timeZone: string) => sql`to_char(${value} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI')`;

/** The header row of a file whose moments are written in `timeZone`. */
export const headersIn = (columns: readonly ExportColumn[], timeZone: string): ExportColumn[] =>
  columns.map((column) => (column.moment ? { ...column, header: `${column.header} (${timeZone})` } : column));

/** The download address of an export: `/api/exports/<kind>` with the format and every set filter. */
export function exportAddress(kind: string, format: ExportFileFormat, filters: Record<string, unknown>): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, String(value));
  return `/api/exports/${kind}?${params}`;
}

/** Counts one export of `kind` against the person's limit; over it, TOO_MANY_REQUESTS with the wait. */
export async function consumeExportLimit(db: Db, actor: Actor, kind: string): Promise<void> {
  const allowed = await consumeRateLimit(db, `export:${kind}:${actor.userId}`, EXPORT_LIMIT);
  if (!allowed.allowed) {
    throw new DomainError('TOO_MANY_REQUESTS', m.exports_too_many({ seconds: String(allowed.retryAfterSeconds) }), {
      retryAfterSeconds: allowed.retryAfterSeconds,
    });
  }
}

const dialect = new PgDialect({ casing: 'snake_case' });

/** The rows of `query`, read from a database cursor a thousand at a time. */
export async function* cursorRows<Row>(db: Db, query: SQL): AsyncGenerator<Row> {
  const { sql, params } = dialect.sqlToQuery(query);
  const cursor = db.$client.unsafe(sql, params as never[]).cursor(1000);
  for await (const batch of cursor) {
    for (const record of batch) yield record as unknown as Row;
  }
}

/**
 * The rows as a CSV (with a byte-order mark) or an XLSX file whose one sheet is `sheetName`,
 * written as the rows arrive, so memory stays flat whatever the count.
 */
export function exportFileStream<Row extends object>(
  format: ExportFileFormat,
  columns: readonly ExportColumn[],
  sheetName: string,
  rows: AsyncIterable<Row>,
): Readable {
  return format === 'csv' ? csvStream(columns, rows) : xlsxStream(columns, sheetName, rows);
}

function csvStream(columns: readonly ExportColumn[], rows: AsyncIterable<object>): Readable {
  // Names, notes and emails are typed by other companies' users: a cell starting with = + - @, a
  // tab or a carriage return would run as a formula when the file is opened in a spreadsheet, so
  // such text gets a leading quote (OWASP's CSV injection rule). Numbers are left as numbers, so
  // a negative unit change stays -5.
  const csv = stringify({
    header: true,
    columns: columns.map(({ key, header }) => ({ key, header })),
    bom: true,
    escape_formulas: true,
  });
  Readable.from(rows).pipe(csv);
  return csv;
}

function xlsxStream(columns: readonly ExportColumn[], sheetName: string, rows: AsyncIterable<object>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map(({ key, header }) => ({ key, header, width: Math.max(12, header.length + 4) }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    try {
      for await (const row of rows) {
        sheet.addRow(row).commit();
        // Let the reader catch up instead of buffering the whole file.
        if (out.writableNeedDrain) await once(out, 'drain');
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}
