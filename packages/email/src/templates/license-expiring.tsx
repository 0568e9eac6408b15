/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, unitsText, type EmailTemplateProps } from '../template-props.ts';

export default function LicenseExpiringEmail({ variables: v, ...props }: EmailTemplateProps<'license-expiring'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.portalUrl}>
      <DetailsTable
        rows={[
          [t.product, v.productName],
          [t.plan, v.planName],
          [t.units, unitsText(v.units, v.unitType)],
          [t.expiryDate, v.expiryDate],
          [t.daysLeft, v.daysLeft],
        ]}
      />
    </EmailLayout>
  );
}

LicenseExpiringEmail.PreviewProps = previewProps('license-expiring');
