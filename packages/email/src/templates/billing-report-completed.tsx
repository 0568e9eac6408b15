/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function BillingReportCompletedEmail({ variables: v, ...props }: EmailTemplateProps<'billing-report-completed'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.reportUrl}>
      <DetailsTable
        rows={[
          [t.partner, v.partnerName],
          [t.cycle, v.cycle],
          [t.purchaseOrder, v.purchaseOrder],
          [t.invoiceTotal, v.invoiceTotal],
        ]}
      />
    </EmailLayout>
  );
}

BillingReportCompletedEmail.PreviewProps = previewProps('billing-report-completed');
