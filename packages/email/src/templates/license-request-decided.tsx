/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable, QuoteBox } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function LicenseRequestDecidedEmail({ variables: v, ...props }: EmailTemplateProps<'license-request-decided'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.poolUrl}>
      <DetailsTable
        rows={[
          [t.product, v.productName],
          [t.unitKind, v.versionType],
          [t.units, v.units],
          [t.decision, v.decision],
        ]}
      />
      <QuoteBox label={t.rejectionReason(v.parentName)} text={v.rejectionReason} />
    </EmailLayout>
  );
}

LicenseRequestDecidedEmail.PreviewProps = previewProps('license-request-decided');
