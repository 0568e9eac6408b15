import type { Readable } from 'node:stream';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { users, type Db } from '@keyway/db';
import type { Permission } from '../privileges.ts';
import { DomainError } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { m } from '../i18n.ts';
import {
  consumeExportLimit,
  exportAddress,
  exportFileStream,
  headersIn,
  ZExportFormat,
  type ExportColumn,
  type ExportFileFormat,
} from './stream.ts';

/** What an export is: which rows, which columns, what the file is called and who may have it. */
export interface ExportSpec<Filters extends z.ZodType<object>, Row extends object> {
  /** The download address's last segment (`/api/exports/<kind>`) and the rate limit's name. */
  kind: string;
  /** The privilege that lets a person both ask for the export and download its file. */
  permission: Permission;
  /** The file's name before its date and extension: `customers` → `customers-2026-12-07.csv`. */
  fileName: string;
  /** The one sheet of the XLSX file. */
  sheetName: string;
  columns: readonly ExportColumn<Extract<keyof Row, string>>[];
  /** The filters the list offers; the export takes the same ones. */
  filters: Filters;
  /** The table the rows come from; the row count reads it under `where`. */
  table: PgTable;
  /**
   * The condition on `table` that selects the actor's rows under the filters. It may refuse a
   * filter (a company outside the actor's subtree is NOT_FOUND), before the export is counted
   * against the person's limit.
   */
  where(db: Db, actor: Actor, filters: z.output<Filters>): SQL | Promise<SQL>;
  /**
   * The file's rows in order, from a database cursor (`cursorRows`), so memory stays flat; moments
   * written with `momentIn(…, timeZone)`, the exporting person's zone.
   */
  rows(db: Db, where: SQL, filters: z.output<Filters>, timeZone: string): AsyncIterable<Row>;
}

/** An export file as it starts streaming. */
export interface ExportFile {
  format: ExportFileFormat;
  /** `<fileName>-<date>.<format>`, the date in UTC. */
  fileName: string;
  /** How many rows the file holds, so the console can show progress. */
  rows: number;
  stream: Readable;
}

type ObjectSchema = z.ZodType & { shape: Record<string, z.ZodType> };

/** The schema under wrappers such as `.optional()` and `.default()`. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } };
  for (;;) {
    const { type, innerType } = current.def;
    if ((type === 'optional' || type === 'default' || type === 'prefault' || type === 'nullable') && innerType) {
      current = innerType as typeof current;
    } else if (type === 'pipe' && current.def.in) {
      current = current.def.in as typeof current;
    } else {
      return current;
    }
  }
}

/** An address value as the filter's schema takes it: `true` for a boolean, a number for a number. */
function fromAddress(schema: z.ZodType, raw: string): unknown {
  const type = (unwrap(schema) as z.ZodType & { def: { type: string } }).def.type;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (type === 'number' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  return raw;
}

/** The exporting person's time zone (Account Information): every export writes its moments in it. */
async function timeZoneOf(db: Db, actor: Actor): Promise<string> {
  const [user] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, actor.userId));
  return user?.timeZone ?? 'UTC';
}

/** What `prepare` answers: where the file is downloaded and how many rows it will have. */
export interface PreparedExport {
  url: string;
  rows: number;
  format: ExportFileFormat;
}

/** One export as the api and the download endpoint use it; `Input` is what its procedure takes. */
export interface ExportDefinition<Input> {
  kind: string;
  permission: Permission;
  /** What the api's procedure validates; its output fits the input (defaults filled in). */
  input: z.ZodType<Input, Input>;
  /** Checks the export may run and says where to download it and how many rows it will have. */
  prepare(db: Db, actor: Actor, value: Input): Promise<PreparedExport>;
  /**
   * Starts the file: the filters checked, then rate-limited per person (an export reads every
   * selected row), then streamed as CSV or XLSX.
   */
  start(db: Db, actor: Actor, value: Input): Promise<ExportFile>;
  /** The download address's query read back into input; an address `prepare` did not write is BAD_REQUEST. */
  inputFromQuery(query: URLSearchParams): Input;
  /** `start` with the input the download address holds. */
  download(db: Db, actor: Actor, query: URLSearchParams): Promise<ExportFile>;
}

/**
 * One export, defined once: the api's procedure that answers its download address and row count
 * (`prepare`) and the download that reads that address back and streams the file (`download`),
 * under the same filters, permission and rate limit.
 */
export function defineExport<Filters extends z.ZodType<object>, Row extends object>(
  spec: ExportSpec<Filters, Row>,
): ExportDefinition<{ format: ExportFileFormat; filters?: z.input<Filters> }> {
  type Input = { format: ExportFileFormat; filters?: z.input<Filters> };
  const input = z.object({ format: ZExportFormat, filters: spec.filters }) as unknown as z.ZodType<
    { format: ExportFileFormat; filters: z.output<Filters> },
    Input
  >;
  const filterShape = (unwrap(spec.filters) as ObjectSchema).shape;

  async function countRows(db: Db, where: SQL): Promise<number> {
    const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${spec.table} where ${where}`);
    return row?.n ?? 0;
  }

  async function start(db: Db, actor: Actor, value: Input): Promise<ExportFile> {
    const { format, filters } = input.parse(value);
    const where = await spec.where(db, actor, filters);
    await consumeExportLimit(db, actor, spec.kind);
    const rows = await countRows(db, where);
    const timeZone = await timeZoneOf(db, actor);
    const stream = exportFileStream(format, headersIn(spec.columns, timeZone), spec.sheetName, spec.rows(db, where, filters, timeZone));
    const date = new Date().toISOString().slice(0, 10);
    return { format, fileName: `${spec.fileName}-${date}.${format}`, rows, stream };
  }

  function inputFromQuery(query: URLSearchParams): Input {
    const filters: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(filterShape)) {
      const raw = query.get(key);
      if (raw !== null) filters[key] = fromAddress(schema, raw);
    }
    const parsed = input.safeParse({ format: query.get('format'), filters });
    if (!parsed.success) throw new DomainError('BAD_REQUEST', m.exports_address_invalid());
    return parsed.data as Input;
  }

  return {
    kind: spec.kind,
    permission: spec.permission,
    // Parsing fills the filters' defaults, so what it answers is input this export takes too.
    input: input as unknown as z.ZodType<Input, Input>,
    async prepare(db, actor, value) {
      const { format, filters } = input.parse(value);
      const where = await spec.where(db, actor, filters);
      return { url: exportAddress(spec.kind, format, filters as Record<string, unknown>), rows: await countRows(db, where), format };
    },
    start,
    inputFromQuery,
    download: (db, actor, query) => start(db, actor, inputFromQuery(query)),
  };
}

/** The input an export's `prepare` and `start` take. */
export type ExportInput<Definition extends { input: z.ZodType }> = z.input<Definition['input']>;
