import type { LicenseStatusPoint } from '@keyway/core/dashboard';
import type { ChartRow, ChartSeries } from '#lib/components/charts/series.ts';

const SERIES: ChartSeries[] = [
  { key: 'active', label: 'Active' },
  { key: 'trial', label: 'Trial' },
  { key: 'expiringSoon', label: 'Expiring soon' },
  { key: 'expired', label: 'Expired' },
];

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Licenses per status, one day a week, as the dashboard's chart and its table show them. */
export function licenseHistoryChart(points: LicenseStatusPoint[]) {
  const rows = points.map(
    (point): ChartRow => ({
      day: point.day,
      label: dayLabel.format(new Date(`${point.day}T00:00:00Z`)),
      values: { active: point.active, trial: point.trial, expiringSoon: point.expiringSoon, expired: point.expired },
    }),
  );
  const weeks = points.length;
  return {
    caption: `Licenses by status, one day a week over the last ${weeks} weeks. Active and trial licenses are outside their expiration-notice window.`,
    label: `License status over the last ${weeks} weeks`,
    series: SERIES,
    rows,
  };
}
