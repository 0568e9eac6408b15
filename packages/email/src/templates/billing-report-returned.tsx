/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable, QuoteBox } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function BillingReportReturnedEmail({ variables: v, ...props }: EmailTemplateProps<'billing-report-returned'>) {
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
      <QuoteBox label={t.reviewerComment(v.reviewerName)} text={v.returnComment} />
    </EmailLayout>
  );
}

BillingReportReturnedEmail.PreviewProps = previewProps('billing-report-returned');
