/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable, QuoteBox } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function LicenseRequestReceivedEmail({ variables: v, ...props }: EmailTemplateProps<'license-request-received'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.requestsUrl}>
      <DetailsTable
        rows={[
          [t.requestedBy, v.partnerName],
          [t.product, v.productName],
          [t.unitKind, v.versionType],
          [t.units, v.units],
        ]}
      />
      <QuoteBox label={t.requestNote} text={v.requestNote} />
    </EmailLayout>
  );
}

LicenseRequestReceivedEmail.PreviewProps = previewProps('license-request-received');
