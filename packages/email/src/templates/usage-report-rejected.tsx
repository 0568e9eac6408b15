/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { QuoteBox } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function UsageReportRejectedEmail({ variables: v, ...props }: EmailTemplateProps<'usage-report-rejected'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.reportUrl}>
      <QuoteBox label={t.reviewerComment(v.reviewerName)} text={v.rejectionComment} />
    </EmailLayout>
  );
}

UsageReportRejectedEmail.PreviewProps = previewProps('usage-report-rejected');
