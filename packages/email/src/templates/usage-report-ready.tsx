/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function UsageReportReadyEmail({ variables: v, ...props }: EmailTemplateProps<'usage-report-ready'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.reportUrl}>
      <DetailsTable
        rows={[
          [t.partner, v.partnerName],
          [t.cycle, v.cycle],
          [t.customers, v.customerCount],
          [t.submitBy, v.submitBy],
        ]}
      />
    </EmailLayout>
  );
}

UsageReportReadyEmail.PreviewProps = previewProps('usage-report-ready');
