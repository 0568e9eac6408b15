import { error, redirect } from '@sveltejs/kit';
import type { Permission } from '@keyway/core/privileges';
import { NAVIGATION, type NavGroup, type NavItem } from '@keyway/core/navigation';
import { navLabel } from '#lib/labels.ts';
import { m } from '#lib/paraglide/messages.js';

/** The navigation item a path belongs to: its own item, or the item whose area contains it. */
export function navItemFor(pathname: string): NavItem | undefined {
  let best: NavItem | undefined;
  for (const group of NAVIGATION) {
    for (const item of group.items) {
      const inside = pathname === item.href || pathname.startsWith(`${item.href}/`);
      if (inside && (!best || item.href.length > best.href.length)) best = item;
    }
  }
  return best;
}

/** The navigation group an item is listed under. */
export function navGroupOf(item: NavItem): NavGroup | undefined {
  return NAVIGATION.find((group) => group.items.some((candidate) => candidate.href === item.href));
}

export function canOpen(item: NavItem, permissions: readonly Permission[]): boolean {
  return item.anyOf.some((permission) => permissions.includes(permission));
}

/** Whether a user holding these permissions may open this path. */
export function canOpenPath(pathname: string, permissions: readonly Permission[]): boolean {
  const item = navItemFor(pathname);
  return item !== undefined && canOpen(item, permissions);
}

/** Where a user lands after signing in, or when opening `/`. */
export function homePath(permissions: readonly Permission[]): string {
  if (permissions.includes('dashboard.view')) return '/dashboard';
  if (permissions.includes('portal.use')) return '/portal';
  return '/admin/account';
}

/**
 * The guard every area page's load runs: signed out goes to the sign-in page, a path outside the
 * navigation table is not found, and a user without any of the item's permissions is refused.
 * The server enforces the same table on every procedure; this only turns it into a clear page.
 */
export function requireArea<A extends { permissions: readonly Permission[] }>(
  auth: A | null,
  url: URL,
): { area: NavItem; group: NavGroup | undefined; auth: A } {
  if (!auth) redirect(303, signInPath(url));
  const area = navItemFor(url.pathname);
  if (!area) error(404, { message: m.errors_page_not_found() });
  if (!canOpen(area, auth.permissions)) {
    error(403, { message: m.errors_no_access({ area: navLabel(area.label) }) });
  }
  // The page shows the area's and the group's names in the user's language, translated here on
  // the server so the navigation's messages stay out of the pages' scripts.
  const group = navGroupOf(area);
  return {
    area: { ...area, label: navLabel(area.label) },
    group: group && { ...group, label: navLabel(group.label) },
    auth,
  };
}

/** The sign-in page, remembering where the user was going. */
export function signInPath(url: URL): string {
  const target = url.pathname + url.search;
  return target === '/' || target === '/dashboard'
    ? '/sign-in'
    : `/sign-in?redirectTo=${encodeURIComponent(target)}`;
}

/** A `redirectTo` query value, kept only when it is a path on this site. */
export function safeRedirect(value: string | null): string | undefined {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return undefined;
  }
  return value;
}
