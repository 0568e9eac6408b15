/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, unitsText, type EmailTemplateProps } from '../template-props.ts';

export default function LicenseModifiedEmail({ variables: v, ...props }: EmailTemplateProps<'license-modified'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.portalUrl}>
      <DetailsTable
        rows={[
          [t.product, v.productName],
          [t.plan, v.planName],
          [t.units, unitsText(v.units, v.unitType)],
          [t.previousUnits, v.previousUnits !== v.units ? unitsText(v.previousUnits, v.unitType) : ''],
          [t.expiryDate, v.expiryDate],
          [t.previousExpiryDate, v.previousExpiryDate !== v.expiryDate ? v.previousExpiryDate : ''],
          [t.status, v.licenseStatus],
        ]}
      />
    </EmailLayout>
  );
}

LicenseModifiedEmail.PreviewProps = previewProps('license-modified');
