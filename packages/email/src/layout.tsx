/** @jsxRuntime automatic */
/** @jsxImportSource react */
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components';
import { Fragment, type CSSProperties, type ReactNode } from 'react';
import { brandColor, contrastRatio, safeUrl, textColorOn, type Brand } from './brand.ts';
import type { EmailBlocks } from './events.ts';
import { emailStrings } from './strings.ts';

export interface EmailLayoutProps {
  brand: Brand;
  /** The company the mail is sent on behalf of (whose brand it wears). */
  companyName: string;
  /** Language tag of the recipient, e.g. `en`. */
  language: string;
  /** The company's texts, variables already filled in. */
  blocks: EmailBlocks;
  /** Target of the button; no button without a web link. */
  actionUrl: string | null | undefined;
  /** The event's structured part (details table, key box…), placed between the body and the button. */
  children?: ReactNode;
}

const TEXT_COLOR = '#1f2937';
const MUTED_COLOR = '#4b5563';
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const styles = {
  body: { backgroundColor: '#f3f4f6', margin: 0, padding: '24px 0', fontFamily: FONT },
  container: {
    maxWidth: '600px',
    backgroundColor: '#ffffff',
    border: '1px solid #e5e7eb',
    borderRadius: '8px',
    padding: '32px 40px',
  },
  productName: { fontSize: '20px', lineHeight: '28px', fontWeight: 700, margin: '0 0 24px' },
  heading: { color: '#111827', fontSize: '24px', lineHeight: '32px', fontWeight: 700, margin: '0 0 16px' },
  text: { color: TEXT_COLOR, fontSize: '16px', lineHeight: '26px', margin: '0 0 16px' },
  button: {
    borderRadius: '6px',
    fontSize: '16px',
    fontWeight: 600,
    padding: '12px 24px',
    textDecoration: 'none',
    display: 'inline-block',
  },
  fallback: { color: MUTED_COLOR, fontSize: '13px', lineHeight: '20px', margin: '0 0 16px', wordBreak: 'break-all' },
  hr: { borderColor: '#e5e7eb', margin: '24px 0' },
  footer: { color: MUTED_COLOR, fontSize: '13px', lineHeight: '20px', margin: '0 0 4px' },
} satisfies Record<string, CSSProperties>;

/**
 * The one frame every mail shares: the sending company's brand on top, the company's texts, the
 * event's details, the button, and a footer saying who sent it and where to get help.
 */
export function EmailLayout({ brand, companyName, language, blocks, actionUrl, children }: EmailLayoutProps) {
  const strings = emailStrings(language);
  const primary = brandColor(brand);
  // Links keep the brand colour only when it stays readable on white; they are underlined anyway.
  const linkColor = contrastRatio(primary, '#ffffff') >= 4.5 ? primary : TEXT_COLOR;
  const logoUrl = safeUrl(brand.logoUrl);
  const supportUrl = safeUrl(brand.supportUrl, { allowMailto: true });
  const buttonUrl = safeUrl(actionUrl);
  const link: CSSProperties = { color: linkColor, textDecorationLine: 'underline', textDecoration: 'underline' };

  return (
    <Html lang={language} dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
      </Head>
      <Preview>{blocks.intro || blocks.heading}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section>
            {logoUrl ? (
              <Img src={logoUrl} alt={brand.productName} height="40" style={{ height: '40px', maxWidth: '200px', margin: '0 0 24px' }} />
            ) : (
              <Text style={{ ...styles.productName, color: primary }}>{brand.productName}</Text>
            )}
          </Section>

          <Section>
            {blocks.heading.trim() && (
              <Heading as="h1" style={styles.heading}>
                {blocks.heading}
              </Heading>
            )}
            <Paragraphs text={blocks.intro} linkStyle={link} />
            <Paragraphs text={blocks.body} linkStyle={link} />
            {children}
            {buttonUrl && blocks.action.trim() && (
              <>
                <Section style={{ margin: '8px 0 24px' }}>
                  <Button href={buttonUrl} style={{ ...styles.button, backgroundColor: primary, color: textColorOn(primary) }}>
                    {blocks.action}
                  </Button>
                </Section>
                {/* The plain-text part already shows the link beside the button label. */}
                <Text style={styles.fallback} data-skip-in-text="true">
                  {strings.buttonFallback}{' '}
                  <Link href={buttonUrl} style={link}>
                    {buttonUrl}
                  </Link>
                </Text>
              </>
            )}
            <Paragraphs text={blocks.closing} linkStyle={link} />
          </Section>

          <Hr style={styles.hr} />
          <Section>
            <Text style={styles.footer}>{strings.sentOnBehalf(brand.productName, companyName)}</Text>
            {supportUrl && (
              <Text style={styles.footer}>
                {strings.support}{' '}
                <Link href={supportUrl} style={link}>
                  {supportUrl.replace(/^mailto:/, '')}
                </Link>
              </Text>
            )}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

/** A block of text: blank lines start a new paragraph, single line breaks are kept, web addresses become links. */
function Paragraphs({ text, linkStyle }: { text: string; linkStyle: CSSProperties }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return paragraphs.map((paragraph, p) => (
    <Text key={p} style={styles.text}>
      {paragraph.split('\n').map((line, l) => (
        <Fragment key={l}>
          {l > 0 && <br />}
          <Linkified text={line} linkStyle={linkStyle} />
        </Fragment>
      ))}
    </Text>
  ));
}

const WEB_ADDRESS = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)'\]]/g;

function Linkified({ text, linkStyle }: { text: string; linkStyle: CSSProperties }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    const url = match[0];
    parts.push(text.slice(last, match.index));
    parts.push(
      safeUrl(url) ? (
        <Link key={match.index} href={url} style={linkStyle}>
          {url}
        </Link>
      ) : (
        url
      ),
    );
    last = match.index + url.length;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
}
