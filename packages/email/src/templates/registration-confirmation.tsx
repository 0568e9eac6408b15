/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { CodeBox, DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, unitsText, type EmailTemplateProps } from '../template-props.ts';

export default function RegistrationConfirmationEmail({ variables: v, ...props }: EmailTemplateProps<'registration-confirmation'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.portalUrl}>
      <CodeBox label={t.registrationKey} code={v.registrationKey} />
      <CodeBox label={t.activationCode} code={v.activationCode} />
      <DetailsTable
        rows={[
          [t.product, v.productName],
          [t.plan, v.planName],
          [t.units, unitsText(v.units, v.unitType)],
          [t.expiryDate, v.expiryDate],
        ]}
      />
    </EmailLayout>
  );
}

RegistrationConfirmationEmail.PreviewProps = previewProps('registration-confirmation');
