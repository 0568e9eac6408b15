/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { CodeBox, DetailsTable } from '../parts.tsx';
import { emailStrings } from '../strings.ts';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function RegistrationRequiredEmail({ variables: v, ...props }: EmailTemplateProps<'registration-required'>) {
  const t = emailStrings(props.language);
  return (
    <EmailLayout {...props} actionUrl={v.registrationUrl}>
      <CodeBox label={t.registrationKey} code={v.registrationKey} />
      <DetailsTable
        rows={[
          [t.product, v.productName],
          [t.plan, v.planName],
          [t.validUntil, v.keyValidUntil],
        ]}
      />
    </EmailLayout>
  );
}

RegistrationRequiredEmail.PreviewProps = previewProps('registration-required');
