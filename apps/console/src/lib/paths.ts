import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/**
 * `resolve()` for a path known only at run time: the navigation table's hrefs, the dashboard's
 * deep links, a redirect the server chose. Its types accept only this app's literal paths, so the
 * one cast lives here; at run time it prefixes the base path like any other `resolve()`.
 */
export function resolveHref(href: string): ResolvedPathname {
  return (resolve as (pathname: string) => ResolvedPathname)(href.replace(/^\/+/, ''));
}
