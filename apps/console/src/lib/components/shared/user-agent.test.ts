import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '#lib/paraglide/runtime.js';
import { describeUserAgent } from '#lib/components/shared/user-agent.ts';

const original = getLocale;
afterEach(() => overwriteGetLocale(original));

describe('user agents', () => {
  it('names browsers and systems the way people recognise their devices', () => {
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36')).toBe('Chrome on Windows');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/140.0')).toBe('Firefox on macOS');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36 Edg/156.0')).toBe('Edge on Linux');
    expect(describeUserAgent(null)).toBe('Unknown browser');
    expect(describeUserAgent('curl/8.0')).toBe('curl/8.0');
  });

  it('says it in the reader’s language', () => {
    overwriteGetLocale(() => 'de');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36')).toBe('Chrome unter Windows');
    expect(describeUserAgent(null)).toBe('Unbekannter Browser');
  });
});
