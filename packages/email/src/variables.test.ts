import { describe, expect, it } from 'vitest';
import {
  EMAIL_EVENTS,
  EMAIL_EVENT_DEFINITIONS,
  interpolate,
  sampleValues,
  unknownVariables,
  validateTemplateTexts,
} from './index.ts';

describe('interpolate', () => {
  it('fills in variables written with or without spaces inside the braces', () => {
    expect(interpolate('Hello {{name}}, {{ name }} and {{  name\t}}!', { name: 'Dana' })).toBe('Hello Dana, Dana and Dana!');
  });

  it('writes numbers as text and missing values as nothing', () => {
    expect(interpolate('{{units}} units, {{missing}}left', { units: 25, missing: null })).toBe('25 units, left');
  });

  it('takes values literally: no HTML, no second round, no replacement patterns', () => {
    expect(interpolate('{{a}}', { a: '<b>{{b}}</b> $& $1' , b: 'x' })).toBe('<b>{{b}}</b> $& $1');
  });

  it('does not read names off the object prototype', () => {
    expect(interpolate('{{constructor}}{{toString}}', {})).toBe('');
  });
});

describe('unknownVariables', () => {
  it('names each unknown variable once, in the order it first appears', () => {
    const texts = ['Hi {{recipientName}}, {{foo}}', '{{ bar }} and {{foo}} again', '{{resetUrl}}'];
    expect(unknownVariables('reset-password', texts)).toEqual(['foo', 'bar']);
  });

  it('knows that a variable of one event is unknown to another', () => {
    expect(unknownVariables('reset-password', ['{{invoiceTotal}}'])).toEqual(['invoiceTotal']);
    expect(unknownVariables('billing-report-ready', ['{{invoiceTotal}}'])).toEqual([]);
  });
});

describe('validateTemplateTexts', () => {
  it('accepts texts that use only the event’s variables', () => {
    expect(
      validateTemplateTexts('license-expiring', {
        subject: '{{productName}} expires in {{ daysLeft }} days',
        blocks: { heading: 'Renew now', body: 'Until {{expiryDate}}.' },
      }),
    ).toEqual({ ok: true });
  });

  it('rejects unknown variables with a message naming them and listing the available ones', () => {
    const result = validateTemplateTexts('reset-password', {
      subject: 'Reset for {{foo}}',
      blocks: { intro: 'Hello {{recipientName}}', closing: '{{bar}} {{foo}}' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.unknown).toEqual(['foo', 'bar']);
    expect(result.message).toBe(
      'Unknown variables: {{foo}}, {{bar}}. Available: {{recipientName}}, {{accountName}}, {{resetUrl}}, {{validForHours}}.',
    );
  });

  it('rejects a placeholder that is never closed, saying where it is', () => {
    const result = validateTemplateTexts('usage-report-ready', {
      subject: 'Report {{cycle is ready',
      blocks: { body: 'Due {{submitBy}}' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.unknown).toEqual([]);
    expect(result.malformed).toEqual([{ field: 'subject', text: '{{cycle is ready' }]);
    expect(result.message).toContain('"{{cycle is ready" in subject');
    expect(result.message).toContain('Write a variable as {{name}}');
  });

  it('rejects names with spaces, empty braces and stray closing braces', () => {
    const result = validateTemplateTexts('usage-report-ready', {
      subject: 'ok',
      blocks: { intro: 'Hi {{recipient name}}', body: 'x {{}} y', closing: 'done}}' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.malformed).toEqual([
      { field: 'intro', text: '{{recipient name}}' },
      { field: 'body', text: '{{}}' },
      { field: 'closing', text: '}}' },
    ]);
  });

  it('reports unknown and malformed variables together', () => {
    const result = validateTemplateTexts('reset-password', { subject: '{{foo}} {{resetUrl', blocks: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^Unknown variables: \{\{foo\}\}\. Available: .* Malformed variables: "\{\{resetUrl" in subject\./);
  });
});

describe('the catalogue', () => {
  it.each(EMAIL_EVENTS)('%s: built-in texts use only its own variables, and its button link is required', (event) => {
    const definition = EMAIL_EVENT_DEFINITIONS[event];
    expect(validateTemplateTexts(event, definition.defaults)).toEqual({ ok: true });
    expect(definition.variables[definition.action.urlVariable as keyof typeof definition.variables]).toMatchObject({ required: true });
    expect(definition.defaults.blocks.action).not.toBe('');
  });

  it('gives every variable a description and a sample value', () => {
    for (const event of EMAIL_EVENTS) {
      for (const [name, value] of Object.entries(sampleValues(event))) {
        const variable = (EMAIL_EVENT_DEFINITIONS[event].variables as Record<string, { description: string }>)[name]!;
        expect(variable.description, `${event}.${name}`).toMatch(/\S/);
        expect(value, `${event}.${name}`).toMatch(/\S/);
      }
    }
  });

  it('labels every event differently', () => {
    const labels = EMAIL_EVENTS.map((event) => EMAIL_EVENT_DEFINITIONS[event].label);
    expect(new Set(labels).size).toBe(EMAIL_EVENTS.length);
  });
});
