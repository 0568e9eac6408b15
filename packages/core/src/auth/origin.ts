const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for every state-changing request, JSON bodies included
 * (SvelteKit's own check covers only form posts). A browser always sends `Sec-Fetch-Site` or
 * `Origin` with a non-GET request; a request that carries neither is refused too, since a
 * cookie-authenticated client that hides both cannot be told apart from a forged one.
 */
export function isCrossSiteRequest(
  method: string,
  headers: Headers,
  allowedOrigin: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  const origin = headers.get('origin');
  if (origin !== null) return origin !== allowedOrigin;
  return fetchSite === null;
}
