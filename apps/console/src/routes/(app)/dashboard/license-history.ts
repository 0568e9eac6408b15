import type { LicenseStatusPoint } from '@keyway/core/dashboard';
import type { ChartRow, ChartSeries } from '#lib/components/charts/series.ts';
import { formatCount, formatDayMonth } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';

/** Licenses per status, one day a week, as the dashboard's chart and its table show them (in the reader's language). */
export function licenseHistoryChart(points: LicenseStatusPoint[]) {
  const series: ChartSeries[] = [
    { key: 'active', label: m.license_status_active() },
    { key: 'trial', label: m.version_trial() },
    { key: 'expiringSoon', label: m.license_status_expiring_soon() },
    { key: 'expired', label: m.license_status_expired() },
  ];
  const rows = points.map(
    (point): ChartRow => ({
      day: point.day,
      label: formatDayMonth(point.day),
      values: { active: point.active, trial: point.trial, expiringSoon: point.expiringSoon, expired: point.expired },
    }),
  );
  const weeks = formatCount(points.length);
  return {
    caption: m.dashboard_history_caption({ weeks }),
    label: m.dashboard_history_label({ weeks }),
    series,
    rows,
  };
}
