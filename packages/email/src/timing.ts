/**
 * When a mail goes out, for the events whose send time a company may tune (Email Notifications →
 * Templates). The rule lives in the event catalogue; the company's choice is a setting checked
 * against it.
 */
export type EmailTimingRule =
  | { readonly kind: 'none' }
  | {
      /** Immediately when the license is assigned, or N days before the license starts. */
      readonly kind: 'license-added';
      readonly options: readonly ['immediately', 'days-before-start'];
      readonly defaultOption: 'immediately' | 'days-before-start';
      readonly defaultDays: number;
      readonly minDays: number;
      readonly maxDays: number;
    }
  | {
      readonly kind: 'days-before-expiry';
      readonly defaultDays: number;
      readonly minDays: number;
      readonly maxDays: number;
    }
  | {
      /** How long the link in the mail stays valid; the link's token expires with it. */
      readonly kind: 'link-validity-hours';
      readonly defaultHours: number;
      readonly minHours: number;
      readonly maxHours: number;
    };

/** A company's send-timing choice for one event. */
export type EmailTimingSetting =
  | { kind: 'none' }
  | { kind: 'immediately' }
  | { kind: 'days-before-start'; days: number }
  | { kind: 'days-before-expiry'; days: number }
  | { kind: 'link-validity-hours'; hours: number };

export function defaultTimingSetting(rule: EmailTimingRule): EmailTimingSetting {
  switch (rule.kind) {
    case 'none':
      return { kind: 'none' };
    case 'license-added':
      return rule.defaultOption === 'immediately'
        ? { kind: 'immediately' }
        : { kind: 'days-before-start', days: rule.defaultDays };
    case 'days-before-expiry':
      return { kind: 'days-before-expiry', days: rule.defaultDays };
    case 'link-validity-hours':
      return { kind: 'link-validity-hours', hours: rule.defaultHours };
  }
}

export type TimingValidation = { ok: true } | { ok: false; message: string };

export function validateTimingSetting(rule: EmailTimingRule, setting: EmailTimingSetting): TimingValidation {
  const inRange = (value: number, min: number, max: number, unit: string): TimingValidation =>
    Number.isInteger(value) && value >= min && value <= max
      ? { ok: true }
      : { ok: false, message: `Choose a whole number of ${unit} from ${min} to ${max}.` };

  switch (rule.kind) {
    case 'none':
      return setting.kind === 'none' ? { ok: true } : { ok: false, message: 'This mail has no send timing to set.' };
    case 'license-added':
      if (setting.kind === 'immediately') return { ok: true };
      if (setting.kind === 'days-before-start') return inRange(setting.days, rule.minDays, rule.maxDays, 'days');
      return { ok: false, message: 'Send immediately or a number of days before the license starts.' };
    case 'days-before-expiry':
      if (setting.kind !== 'days-before-expiry') {
        return { ok: false, message: 'Set how many days before the license expires this mail is sent.' };
      }
      return inRange(setting.days, rule.minDays, rule.maxDays, 'days');
    case 'link-validity-hours':
      if (setting.kind !== 'link-validity-hours') {
        return { ok: false, message: 'Set how many hours the link in this mail stays valid.' };
      }
      return inRange(setting.hours, rule.minHours, rule.maxHours, 'hours');
  }
}
