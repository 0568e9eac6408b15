/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, unitsText, type EmailTemplateProps } from '../template-props.ts';

export default function LicenseAddedEmail({ variables: v, ...props }: EmailTemplateProps<'license-added'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.portalUrl}>
      <DetailsTable
        rows={[
          [t.product, v.productName],
          [t.plan, v.planName],
          [t.units, unitsText(v.units, v.unitType)],
          [t.startDate, v.startDate],
          [t.expiryDate, v.expiryDate],
          [t.status, v.licenseStatus],
        ]}
      />
    </EmailLayout>
  );
}

LicenseAddedEmail.PreviewProps = previewProps('license-added');
