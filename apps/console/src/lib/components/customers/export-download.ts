import { m } from '#lib/paraglide/messages.js';
import { trpc, type RouterInputs, type RouterOutputs } from '#lib/trpc.ts';

export type ExportFormat = RouterInputs['customers']['exportSummary']['format'];

export interface ExportProgress {
  /** Rows received so far; known only for CSV, which is counted line by line as it arrives. */
  rows: number | null;
  /** Rows the export holds (the server's count). */
  totalRows: number;
  bytes: number;
  /** From Content-Length, when the server sends one. */
  totalBytes: number | null;
}

type ExportStart = Pick<RouterOutputs['customers']['exportSummary'], 'url' | 'rows'>;

/** `customers.exportSummary`: checks the export may run and answers where to download it and how many rows it holds. */
export function startCustomerExport(input: RouterInputs['customers']['exportSummary']) {
  return trpc.customers.exportSummary.mutate(input);
}

/** The download itself failed; its message is the server's, or says what happened. */
export class ExportError extends Error {}

const NEWLINE = 10;

/**
 * Downloads the export, reporting progress as it streams, and answers the file. A CSV's rows are
 * counted by its line breaks (less the header; a quoted line break may count twice, so the count
 * is capped at the total).
 */
export async function downloadExport(
  start: ExportStart,
  format: ExportFormat,
  options: { signal: AbortSignal; onprogress: (progress: ExportProgress) => void },
): Promise<{ blob: Blob; filename: string }> {
  const response = await fetch(start.url, { signal: options.signal, credentials: 'same-origin' });
  if (!response.ok || !response.body) throw new ExportError(await failureMessage(response));

  const totalRows = Number(response.headers.get('X-Export-Rows') ?? start.rows) || start.rows;
  const totalBytes = Number(response.headers.get('Content-Length')) || null;
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    if (format === 'csv') for (const byte of value) if (byte === NEWLINE) lines++;
    options.onprogress({
      rows: format === 'csv' ? Math.min(Math.max(lines - 1, 0), totalRows) : null,
      totalRows,
      bytes,
      totalBytes,
    });
  }
  const type =
    response.headers.get('Content-Type') ??
    (format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return {
    blob: new Blob(chunks, { type }),
    filename: filenameOf(response.headers.get('Content-Disposition')) ?? `customers.${format}`,
  };
}

/** The file name from `Content-Disposition` (`filename*=UTF-8''…` preferred). */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim().replace(/^"|"$/g, ''));
    } catch {
      // Fall through to the plain name.
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1]?.trim();
}

async function failureMessage(response: Response): Promise<string> {
  const fallback = m.export_download_failed({ status: String(response.status) });
  try {
    const text = await response.text();
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } };
    const message = body.message ?? body.error?.message;
    return typeof message === 'string' ? message : fallback;
  } catch {
    return fallback;
  }
}

/** Hands the file to the browser's downloads. */
export function saveFile(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the blob's address goes away.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
