/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { EmailLayout } from '../layout.tsx';
import { previewProps, type EmailTemplateProps } from '../template-props.ts';

export default function AccountCreatedEmail({ variables, ...props }: EmailTemplateProps<'account-created'>) {
  return <EmailLayout {...props} actionUrl={variables.setPasswordUrl} />;
}

AccountCreatedEmail.PreviewProps = previewProps('account-created');
