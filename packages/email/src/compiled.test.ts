import { describe, expect, it } from 'vitest';
import { EmailRenderCache } from './compiled.ts';
import { DEFAULT_BRAND, type Brand } from './brand.ts';
import { EMAIL_EVENTS, EMAIL_EVENT_DEFINITIONS, type EmailEvent } from './events.ts';
import { renderEmail, type RenderEmailInput } from './render.ts';
import { sampleValues } from './variables.ts';

const acme: Brand = {
  productName: 'Acme & "Shield"',
  primaryColor: '#0f766e',
  logoUrl: 'https://acme.example/logo.png?a=1&b=2',
  supportUrl: 'mailto:help@acme.example',
};

/** Values a customer or partner could type: markup, quotes, ampersands, right-to-left text. */
const HOSTILE = [
  `<script>alert("x")</script> & 'O'Neil'`,
  '\u202Eשלום עולם\u202C & مرحبا',
  `Tom & Jerry's "Shop" <b>`,
  '&amp; &lt;already&gt; escaped',
];

function hostileValues(event: EmailEvent, variant: number): Record<string, string> {
  const values: Record<string, string> = sampleValues(event);
  for (const [i, name] of Object.keys(values).entries()) {
    const value = values[name]!;
    // Links stay links (with ampersands and quotes), everything else becomes hostile text.
    values[name] = /^https?:/.test(value) ? `${value}#a&b='c'&d=${variant}` : HOSTILE[(i + variant) % HOSTILE.length]!;
  }
  return values;
}

async function expectSame<E extends EmailEvent>(cache: EmailRenderCache, input: RenderEmailInput<E>) {
  const direct = await renderEmail(input);
  const filled = await cache.render(input);
  expect(filled.subject).toBe(direct.subject);
  expect(filled.html).toBe(direct.html);
  expect(filled.text).toBe(direct.text);
}

describe.each(EMAIL_EVENTS)('the compiled %s mail', (event) => {
  const base = { event, brand: acme, companyName: 'Northwind <IT> & Co', language: 'en' } satisfies Partial<RenderEmailInput>;

  it('fills hostile values into exactly what a direct render gives, without rendering again', async () => {
    const cache = new EmailRenderCache();
    for (let variant = 0; variant < HOSTILE.length; variant++) {
      await expectSame(cache, { ...base, variables: hostileValues(event, variant) });
    }
    expect(cache.stats.rendered).toBe(0);
    expect(cache.stats.filled).toBe(HOSTILE.length);
    // Every variant has the same shape (which values are empty, links, equal): one compilation.
    expect(cache.stats.compiled).toBe(1);
  });

  it('fills the sample values, empty values and the company’s own texts alike', async () => {
    const cache = new EmailRenderCache();
    await expectSame(cache, { ...base, variables: sampleValues(event) });
    const empty = Object.fromEntries(
      Object.entries(EMAIL_EVENT_DEFINITIONS[event].variables).map(([name, v]) => [name, v.required ? v.example : '']),
    );
    await expectSame(cache, { ...base, variables: empty });
    await expectSame(cache, {
      ...base,
      subject: 'For {{recipientName}} & you',
      blocks: {
        heading: '',
        intro: `Dear {{recipientName}}, see https://acme.example/help?x=1 or {{${EMAIL_EVENT_DEFINITIONS[event].action.urlVariable}}}.`,
        closing: 'A long closing line. '.repeat(12),
      },
      variables: hostileValues(event, 1),
    });
    expect(cache.stats.rendered).toBe(0);
  });
});

describe('values a placeholder cannot stand for', () => {
  const base = { event: 'license-modified', brand: DEFAULT_BRAND, companyName: 'Northwind IT', language: 'en' } as const;

  it('renders the mail in full and still gives the same mail', async () => {
    const cache = new EmailRenderCache();
    const samples = sampleValues('license-modified');
    for (const odd of ['two\nlines', '  padded  ', 'double  space', 'see http://x.example', '/relative/link', 'a\u200bb']) {
      await expectSame(cache, { ...base, variables: { ...samples, productName: odd, portalUrl: odd.startsWith('/') ? odd : samples.portalUrl } });
    }
    expect(cache.stats.rendered).toBe(6);
    expect(cache.stats.filled).toBe(0);
  });

  it('keeps comparisons between values: equal units hide the previous units', async () => {
    const cache = new EmailRenderCache();
    const samples = sampleValues('license-modified');
    await expectSame(cache, { ...base, variables: { ...samples, units: '25', previousUnits: '25' } });
    await expectSame(cache, { ...base, variables: { ...samples, units: '40', previousUnits: '25' } });
    await expectSame(cache, { ...base, variables: { ...samples, productName: 'x'.repeat(300) } });
    expect(cache.stats.rendered).toBe(0);
  });

  it('does not fill a value into a web address the company wrote', async () => {
    const cache = new EmailRenderCache();
    await expectSame(cache, {
      ...base,
      blocks: { intro: 'Open https://acme.example/{{productName}} now.' },
      variables: { ...sampleValues('license-modified'), productName: 'a"b' },
    });
    expect(cache.stats.rendered).toBe(1);
  });
});

describe('the cache', () => {
  const base = { event: 'license-added', companyName: 'Northwind IT', language: 'en', variables: sampleValues('license-added') } as const;

  it('compiles anew when the template is published with new texts', async () => {
    const cache = new EmailRenderCache();
    await cache.render({ ...base, brand: DEFAULT_BRAND, blocks: { intro: 'Old words.' } });
    await cache.render({ ...base, brand: DEFAULT_BRAND, blocks: { intro: 'Old words.' } });
    expect(cache.stats.compiled).toBe(1);
    const published = await cache.render({ ...base, brand: DEFAULT_BRAND, blocks: { intro: 'New words.' } });
    expect(cache.stats.compiled).toBe(2);
    expect(published.text).toContain('New words.');
    expect(published.text).not.toContain('Old words.');
  });

  it('compiles once for every company that sends the same texts in the same brand', async () => {
    const cache = new EmailRenderCache();
    for (const companyName of ['Northwind IT', 'Contoso <Networks> & "Partners"', 'Ærø Data ApS', 'شركة البيانات']) {
      await expectSame(cache, { ...base, brand: DEFAULT_BRAND, companyName });
    }
    expect(cache.stats.compiled).toBe(1);
    expect(cache.stats.filled).toBe(4);
    // A name the layout could read as part of a web address is rendered into its own template.
    await expectSame(cache, { ...base, brand: DEFAULT_BRAND, companyName: 'see http://x.example' });
    expect(cache.stats.compiled).toBe(2);
  });

  it('compiles anew when the brand changes', async () => {
    const cache = new EmailRenderCache();
    await cache.render({ ...base, brand: DEFAULT_BRAND });
    const rebranded = await cache.render({ ...base, brand: { ...DEFAULT_BRAND, productName: 'Acme Shield', primaryColor: '#0f766e' } });
    expect(cache.stats.compiled).toBe(2);
    expect(rebranded.html).toContain('Acme Shield');
    expect(rebranded.html).toContain('#0f766e');
  });

  it('keeps at most its size, dropping the least recently used', async () => {
    const cache = new EmailRenderCache(2);
    for (const intro of ['a', 'b', 'a', 'c', 'a']) await cache.render({ ...base, brand: DEFAULT_BRAND, blocks: { intro } });
    expect(cache.stats.compiled).toBe(3);
  });
});
