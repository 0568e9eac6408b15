/** "+5", "−3", "0": a change of units, signed. */
export const formatChange = (change: number) => (change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '0');

/** "15 Mar 2030, 14:05" in the person's zone. */
export function formatMoment(value: Date | string, timeZone: string): string {
  const date = new Date(value);
  try {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 16).replace('T', ' ');
  }
}
