/** A day in the signed-in user's time zone: "15 Mar 2030". */
export function formatDay(value: Date | string | null | undefined, timeZone: string): string {
  if (value == null) return '—';
  const date = new Date(value);
  try {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

export const formatCount = (value: number) => new Intl.NumberFormat('en').format(value);
