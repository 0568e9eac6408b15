/**
 * The console's brand: the one place its name and colours are set. The root layout turns the
 * colours into CSS variables that the Tailwind theme in `app.css` reads, so no component names a
 * brand colour directly. (Per-company branding, inherited down the tree, will replace these values
 * at request time once Branding Settings exists.)
 */
export const brand = {
  name: 'Keyway',
  tagline: 'Licensing console',
  colors: {
    /** Buttons, links, the active navigation item, focus rings. */
    primary: 'oklch(0.49 0.15 256)',
    primaryForeground: 'oklch(0.985 0 0)',
    /** The navigation sidebar. */
    sidebar: 'oklch(0.21 0.03 257)',
    sidebarForeground: 'oklch(0.93 0.01 256)',
    sidebarMuted: 'oklch(0.7 0.03 256)',
    sidebarActive: 'oklch(0.3 0.06 256)',
  },
} as const;

/** The brand colours as CSS custom properties on `:root`. */
export function brandCss(): string {
  const c = brand.colors;
  return `:root{--brand-primary:${c.primary};--brand-primary-foreground:${c.primaryForeground};--brand-sidebar:${c.sidebar};--brand-sidebar-foreground:${c.sidebarForeground};--brand-sidebar-muted:${c.sidebarMuted};--brand-sidebar-active:${c.sidebarActive};}`;
}

/** A small square mark with the brand's initial, as an SVG data URL for the favicon. */
export function brandIconUrl(): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${brand.colors.primary}"/><text x="16" y="22.5" font-family="system-ui,sans-serif" font-size="18" font-weight="700" text-anchor="middle" fill="${brand.colors.primaryForeground}">${brand.name.charAt(0)}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
