import { render } from '@react-email/render';
import { createElement, type ComponentType } from 'react';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BRAND,
  EMAIL_BLOCKS,
  EMAIL_EVENTS,
  EMAIL_EVENT_DEFINITIONS,
  EMAIL_TEMPLATES,
  renderEmail,
  renderPreview,
  sampleValues,
  variablesIn,
  type Brand,
} from './index.ts';

/** How React writes text into HTML. */
function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#x27;');
}

const acme: Brand = {
  productName: 'Acme Shield',
  primaryColor: '#0f766e',
  logoUrl: null,
  supportUrl: 'https://help.acme.example/support',
};

describe.each(EMAIL_EVENTS)('the %s mail', (event) => {
  const definition = EMAIL_EVENT_DEFINITIONS[event];
  const values: Record<string, string> = sampleValues(event);

  it('shows every value its built-in texts use, in the HTML and in the plain text', async () => {
    const mail = await renderPreview(event, DEFAULT_BRAND);
    const blockTexts = EMAIL_BLOCKS.map((name) => definition.defaults.blocks[name]);

    for (const name of variablesIn(blockTexts)) {
      expect(mail.html, `{{${name}}} in the HTML`).toContain(escapeHtml(values[name]!));
      expect(mail.text, `{{${name}}} in the text`).toContain(values[name]);
    }
    for (const name of variablesIn([definition.defaults.subject])) {
      expect(mail.subject).toContain(values[name]);
    }
    expect(mail.subject).not.toMatch(/\{\{|\}\}/);
    expect(mail.text).not.toMatch(/\{\{|\}\}/);
  });

  it('has a button with its label leading to the action link', async () => {
    const mail = await renderPreview(event, DEFAULT_BRAND);
    const url = values[definition.action.urlVariable]!;
    const label = definition.defaults.blocks.action;

    expect(mail.html).toMatch(new RegExp(`<a href="${escapeRegExp(escapeHtml(url))}"[^>]*>[\\s\\S]*?${escapeRegExp(label)}`));
    expect(mail.text).toContain(`${label} ${url}`);
  });

  it('wears the sending company’s brand', async () => {
    const mail = await renderPreview(event, acme, { companyName: 'Northwind IT' });

    expect(mail.text).toMatch(/^Acme Shield\n/);
    expect(mail.html).toMatch(/<p style="[^"]*color:#0f766e[^"]*">Acme Shield<\/p>/);
    expect(mail.html).toContain('background-color:#0f766e');
    expect(mail.html).not.toContain('<img');
    expect(mail.text).toContain('Sent by Acme Shield on behalf of Northwind IT.');
    expect(mail.text).toContain('Need help? Contact support: https://help.acme.example/support');
    expect(mail.text).not.toContain('Sent by Keyway');
  });

  it('renders from its template’s PreviewProps, as the react-email preview server does', async () => {
    const Template = EMAIL_TEMPLATES[event] as ComponentType<object> & { PreviewProps?: object };
    expect(Template.PreviewProps).toBeDefined();
    const html = await render(createElement(Template, Template.PreviewProps));
    expect(html).toContain(escapeHtml(values[definition.action.urlVariable]!));
  });
});

describe('renderEmail', () => {
  const hostile = `<script>alert(1)</script> & "Dana" 'O'Neil'`;

  it('escapes values in the HTML and keeps them as written in the plain text', async () => {
    const mail = await renderEmail({
      event: 'account-created',
      brand: DEFAULT_BRAND,
      companyName: 'Northwind IT',
      language: 'en',
      variables: { ...sampleValues('account-created'), recipientName: hostile },
    });

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Dana&quot; &#x27;O&#x27;Neil&#x27;');
    expect(mail.text).toContain(`Welcome, ${hostile}`);
  });

  it('uses the company’s subject and blocks instead of the built-in ones', async () => {
    const mail = await renderEmail({
      event: 'account-created',
      brand: DEFAULT_BRAND,
      companyName: 'Northwind IT',
      language: 'en',
      subject: 'Welcome aboard, {{ recipientName }}',
      blocks: { intro: 'Northwind has set up {{companyName}} for you.\n\nCall us any time.', action: 'Start here' },
      variables: sampleValues('account-created'),
    });

    expect(mail.subject).toBe('Welcome aboard, Dana Whitfield');
    expect(mail.text).toContain('Northwind has set up Harbor Dental Group for you.');
    expect(mail.html).toMatch(/<p[^>]*>Call us any time\.<\/p>/);
    expect(mail.text).toContain('Start here https://console.keyway.example/set-password');
    expect(mail.text).not.toContain('has created an account for you');
    expect(mail.text).not.toContain('Choose your password');
    // Blocks the company left alone keep the built-in text.
    expect(mail.text).toContain('Welcome, Dana Whitfield');
  });

  it('keeps a subject on one line whatever the values hold', async () => {
    const mail = await renderEmail({
      event: 'reset-password',
      brand: DEFAULT_BRAND,
      companyName: 'Northwind IT',
      language: 'en',
      subject: 'Hello {{recipientName}}',
      variables: { ...sampleValues('reset-password'), recipientName: 'Dana\r\nBcc: someone@example.com' },
    });
    expect(mail.subject).toBe('Hello Dana Bcc: someone@example.com');
  });

  it('refuses to render without the link the mail is about', async () => {
    const { resetUrl: _resetUrl, ...withoutLink } = sampleValues('reset-password');
    await expect(
      renderEmail({ event: 'reset-password', brand: DEFAULT_BRAND, companyName: 'Northwind IT', language: 'en', variables: withoutLink }),
    ).rejects.toThrow('Cannot render the "Reset password" mail: no value for {{resetUrl}}');
  });

  it('renders a missing optional value as nothing', async () => {
    const { validForHours: _hours, ...values } = sampleValues('reset-password');
    const mail = await renderEmail({ event: 'reset-password', brand: DEFAULT_BRAND, companyName: 'Northwind IT', language: 'en', variables: values });
    expect(mail.text).toContain('The link below works once and for hours.');
  });

  it('needs a required value only when the texts use it', async () => {
    const { signInUrl: _signInUrl, ...values } = sampleValues('account-created');
    const variables = { ...values };
    const base = { event: 'account-created', brand: DEFAULT_BRAND, companyName: 'Northwind IT', language: 'en', variables } as const;

    await expect(renderEmail(base)).rejects.toThrow('{{signInUrl}}');
    const mail = await renderEmail({ ...base, blocks: { body: 'Your sign-in name is {{accountName}}.' } });
    expect(mail.text).toContain('Your sign-in name is dana@harbordental.example.');
  });

  it('leaves the button out when the company removes its label', async () => {
    const { setPasswordUrl: _url, ...values } = sampleValues('account-created');
    const mail = await renderEmail({
      event: 'account-created',
      brand: DEFAULT_BRAND,
      companyName: 'Northwind IT',
      language: 'en',
      blocks: { action: '' },
      variables: values,
    });
    expect(mail.html).not.toContain('set-password');
    expect(mail.text).not.toContain('Choose your password');
  });

  it('turns web addresses in the texts into links in the brand colour', async () => {
    const mail = await renderPreview('account-created', acme);
    expect(mail.html).toMatch(
      /<a href="https:\/\/console\.keyway\.example\/sign-in"[^>]*style="[^"]*color:#0f766e[^"]*"[^>]*>https:\/\/console\.keyway\.example\/sign-in<\/a>\./,
    );
  });

  it('shows the activation code in the registration confirmation, and no empty box without one', async () => {
    const withCode = await renderPreview('registration-confirmation', DEFAULT_BRAND);
    expect(withCode.text).toMatch(/Activation code\s+SM-4HX2-9KQ7M-TB3RW-X8C2N-PL6VD-QW9ZF/);
    expect(withCode.html).toMatch(/monospace[^>]*>SM-4HX2-9KQ7M-TB3RW-X8C2N-PL6VD-QW9ZF</);

    const withoutCode = await renderEmail({
      event: 'registration-confirmation',
      brand: DEFAULT_BRAND,
      companyName: 'Northwind IT',
      language: 'en',
      variables: { ...sampleValues('registration-confirmation'), activationCode: '' },
    });
    expect(withoutCode.text).not.toContain('Activation code');
    expect(withoutCode.text).toMatch(/Registration key\s+SM-7K4Q-M2XA-9TRB-H6PC/);
  });

  it('lays out the license details as label and value', async () => {
    const mail = await renderPreview('license-modified', DEFAULT_BRAND);
    expect(mail.text).toMatch(/Units\s+40 mailboxes/);
    expect(mail.text).toMatch(/Previous units\s+25 mailboxes/);
    expect(mail.text).toMatch(/Expires\s+30 September 2027/);
  });

  it('marks the mail with the recipient’s language', async () => {
    const mail = await renderPreview('license-added', DEFAULT_BRAND, { language: 'de' });
    expect(mail.html).toMatch(/<html[^>]*lang="de"/);
  });
});

describe('brand', () => {
  it('shows the logo instead of the product name when the company has one', async () => {
    const mail = await renderPreview('license-added', { ...acme, logoUrl: 'https://cdn.acme.example/logo.png' });
    expect(mail.html).toMatch(/<img[^>]*alt="Acme Shield"[^>]*src="https:\/\/cdn\.acme\.example\/logo\.png"/);
    expect(mail.text).not.toContain('logo.png');
  });

  it('ignores a logo that is not a web address', async () => {
    const mail = await renderPreview('license-added', { ...acme, logoUrl: 'javascript:alert(1)' });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('javascript:');
  });

  it('falls back to Keyway’s colour when the brand colour is not a hex colour', async () => {
    const mail = await renderPreview('license-added', { ...acme, primaryColor: 'red;background:url(https://evil.example)' });
    expect(mail.html).not.toContain('evil.example');
    expect(mail.html).toContain(`background-color:${DEFAULT_BRAND.primaryColor}`);
  });

  it('writes the button label in a colour readable on a light brand colour', async () => {
    const light = await renderPreview('license-added', { ...acme, primaryColor: '#fde047' });
    expect(light.html).toMatch(/background-color:#fde047;color:#111827/);
    const dark = await renderPreview('license-added', acme);
    expect(dark.html).toMatch(/background-color:#0f766e;color:#ffffff/);
  });

  it('offers a mail address as the support contact', async () => {
    const mail = await renderPreview('reset-password', { ...acme, supportUrl: 'mailto:help@acme.example' });
    expect(mail.html).toContain('href="mailto:help@acme.example"');
    expect(mail.text).toContain('Need help? Contact support: help@acme.example');
  });

  it('leaves the support line out when the brand has no support address', async () => {
    const mail = await renderPreview('reset-password', DEFAULT_BRAND);
    expect(mail.text).not.toContain('Need help?');
    expect(mail.text).toContain('Sent by Keyway on behalf of Northwind IT.');
  });
});

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
