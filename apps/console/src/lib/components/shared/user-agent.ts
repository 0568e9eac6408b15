import { m } from '#lib/paraglide/messages.js';

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/**
 * "Chrome on Windows", "Safari on iOS" ("Chrome unter Windows" in German): enough to recognise
 * one's own devices in a list. Browsers and systems are names, the same in every language.
 */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return m.sessions_unknown_browser();
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return m.sessions_browser_on_system({ browser, system });
  return browser ?? system ?? userAgent.slice(0, 60);
}
