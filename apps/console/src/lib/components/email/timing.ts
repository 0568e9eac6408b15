import type { RouterOutputs } from '#lib/trpc.ts';

type Template = RouterOutputs['emailNotifications']['templates']['get'];
export type TimingRule = Template['timingRule'];
export type TimingSetting = Template['timing'];

/** The timing control's state: for "license added" a choice plus a number, otherwise a number. */
export interface TimingDraft {
  mode: 'immediately' | 'days-before-start';
  amount: number | null;
}

export function timingDraft(rule: TimingRule, setting: TimingSetting): TimingDraft {
  switch (setting.kind) {
    case 'days-before-start':
      return { mode: 'days-before-start', amount: setting.days };
    case 'days-before-expiry':
      return { mode: 'immediately', amount: setting.days };
    case 'link-validity-hours':
      return { mode: 'immediately', amount: setting.hours };
    default:
      return { mode: 'immediately', amount: defaultAmount(rule) };
  }
}

function defaultAmount(rule: TimingRule): number | null {
  if (rule.kind === 'license-added' || rule.kind === 'days-before-expiry') return rule.defaultDays;
  if (rule.kind === 'link-validity-hours') return rule.defaultHours;
  return null;
}

/**
 * The setting the API stores. An empty number field is sent as NaN so that the server's range
 * check, not a silent default, tells the user what to enter.
 */
export function timingSetting(rule: TimingRule, draft: TimingDraft): TimingSetting | undefined {
  const amount = draft.amount ?? Number.NaN;
  switch (rule.kind) {
    case 'none':
      return undefined;
    case 'license-added':
      return draft.mode === 'immediately' ? { kind: 'immediately' } : { kind: 'days-before-start', days: amount };
    case 'days-before-expiry':
      return { kind: 'days-before-expiry', days: amount };
    case 'link-validity-hours':
      return { kind: 'link-validity-hours', hours: amount };
  }
}
