import type { ComponentType } from 'react';
import type { EmailEvent } from '../events.ts';
import type { EmailTemplateProps } from '../template-props.ts';
import AccountCreatedEmail from './account-created.tsx';
import BillingReportCompletedEmail from './billing-report-completed.tsx';
import BillingReportReadyEmail from './billing-report-ready.tsx';
import BillingReportReturnedEmail from './billing-report-returned.tsx';
import LicenseAddedEmail from './license-added.tsx';
import LicenseDiscontinuedEmail from './license-discontinued.tsx';
import LicenseExpiringEmail from './license-expiring.tsx';
import LicenseModifiedEmail from './license-modified.tsx';
import LicenseRequestDecidedEmail from './license-request-decided.tsx';
import LicenseRequestReceivedEmail from './license-request-received.tsx';
import RegistrationConfirmationEmail from './registration-confirmation.tsx';
import RegistrationRequiredEmail from './registration-required.tsx';
import ResetPasswordEmail from './reset-password.tsx';
import UsageReportReadyEmail from './usage-report-ready.tsx';
import UsageReportRejectedEmail from './usage-report-rejected.tsx';
import UsageReportReminderEmail from './usage-report-reminder.tsx';

/** The template of each event. */
export const EMAIL_TEMPLATES: { [E in EmailEvent]: ComponentType<EmailTemplateProps<E>> } = {
  'account-created': AccountCreatedEmail,
  'reset-password': ResetPasswordEmail,
  'license-added': LicenseAddedEmail,
  'license-modified': LicenseModifiedEmail,
  'license-discontinued': LicenseDiscontinuedEmail,
  'registration-required': RegistrationRequiredEmail,
  'registration-confirmation': RegistrationConfirmationEmail,
  'license-expiring': LicenseExpiringEmail,
  'usage-report-ready': UsageReportReadyEmail,
  'usage-report-reminder': UsageReportReminderEmail,
  'usage-report-rejected': UsageReportRejectedEmail,
  'billing-report-ready': BillingReportReadyEmail,
  'billing-report-returned': BillingReportReturnedEmail,
  'billing-report-completed': BillingReportCompletedEmail,
  'license-request-received': LicenseRequestReceivedEmail,
  'license-request-decided': LicenseRequestDecidedEmail,
};
