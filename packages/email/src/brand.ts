/**
 * The brand a mail is sent in. Each company may set its own (Branding Settings); below that it
 * inherits its parent's, and at the top Keyway's.
 */
export interface Brand {
  productName: string;
  /** Hex colour of buttons and links. */
  primaryColor: string;
  logoUrl: string | null;
  supportUrl: string | null;
}

export const DEFAULT_BRAND: Brand = {
  productName: 'Keyway',
  primaryColor: '#1d4ed8',
  logoUrl: null,
  supportUrl: null,
};

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * The brand colour if it is a hex colour, else Keyway's: the value ends up inside inline CSS, so
 * anything else is refused rather than trusted.
 */
export function brandColor(brand: Brand): string {
  return HEX_COLOR.test(brand.primaryColor) ? brand.primaryColor : DEFAULT_BRAND.primaryColor;
}

/** WCAG contrast ratio between two hex colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** White or near-black, whichever reads better on `background`. */
export function textColorOn(background: string): string {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#111827') ? '#ffffff' : '#111827';
}

function luminance(hex: string): number {
  let digits = hex.slice(1);
  if (digits.length === 3) digits = [...digits].map((d) => d + d).join('');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const channel = parseInt(digits.slice(i, i + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Only web links (and mail links where allowed) reach an `href` or `src`; anything else is dropped. */
export function safeUrl(url: string | null | undefined, { allowMailto = false } = {}): string | null {
  if (!url) return null;
  try {
    const protocol = new URL(url).protocol;
    if (protocol === 'https:' || protocol === 'http:' || (allowMailto && protocol === 'mailto:')) return url;
  } catch {
    // not an absolute URL
  }
  return null;
}
