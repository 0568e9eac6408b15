/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function ResetPasswordEmail({ variables, ...props }: EmailTemplateProps<'reset-password'>) {
  return <EmailLayout {...props} actionUrl={variables.resetUrl} />;
}

ResetPasswordEmail.PreviewProps = previewProps('reset-password');
