import { describe, expect, it } from 'vitest';
import { filenameOf } from './export-download.ts';

describe('export file name', () => {
  it('reads plain and extended Content-Disposition names', () => {
    expect(filenameOf('attachment; filename="customers-2026-11-02.csv"')).toBe('customers-2026-11-02.csv');
    expect(filenameOf("attachment; filename=\"x.xlsx\"; filename*=UTF-8''Kunden%20%C3%BCbersicht.xlsx")).toBe(
      'Kunden übersicht.xlsx',
    );
    expect(filenameOf(null)).toBeUndefined();
  });
});
