/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function UsageReportReminderEmail({ variables: v, ...props }: EmailTemplateProps<'usage-report-reminder'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.reportUrl}>
      <DetailsTable
        rows={[
          [t.partner, v.partnerName],
          [t.cycle, v.cycle],
          [t.submitBy, v.submitBy],
        ]}
      />
    </EmailLayout>
  );
}

UsageReportReminderEmail.PreviewProps = previewProps('usage-report-reminder');
