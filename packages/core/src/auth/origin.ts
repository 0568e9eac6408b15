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

/**
 * Whether a request that starts something over GET (an export download, which counts against
 * the user's export quota) was made by another site: a link or an image on another page sends
 * the session cookie with a top-level GET. Browsers say where a request comes from in
 * `Sec-Fetch-Site` (`none` when the address was typed or bookmarked); clients that do not send
 * it are judged by `Origin` when they send one. A client with neither is not a browser a link
 * on another site can drive, so it is let through like any other authenticated call.
 */
export function isCrossSiteStart(headers: Headers, allowedOrigin: string): boolean {
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite !== null) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = headers.get('origin');
  return origin !== null && origin !== allowedOrigin;
}
