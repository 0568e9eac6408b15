/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function BillingReportReadyEmail({ variables: v, ...props }: EmailTemplateProps<'billing-report-ready'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.reportUrl}>
      <DetailsTable
        rows={[
          [t.partner, v.partnerName],
          [t.cycle, v.cycle],
          [t.lines, v.lineCount],
          [t.invoiceTotal, v.invoiceTotal],
        ]}
      />
    </EmailLayout>
  );
}

BillingReportReadyEmail.PreviewProps = previewProps('billing-report-ready');
