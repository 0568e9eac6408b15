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
