import type { AfterNavigate } from '$app/navigation';

/**
 * After a move to another page, focus goes to that page's heading, so a screen reader announces
 * where the user landed and the next Tab starts at the top of the new content rather than in the
 * navigation bar. Left alone: the first load (the browser's own start), a change of the query
 * alone (a filter or a page of a list: the user keeps their place), a jump to an anchor, and a
 * page that placed focus itself (an `autofocus` field, `keepFocus`).
 */
export function focusPageHeading({ type, from, to }: AfterNavigate): void {
  if (type === 'enter' || !from || !to) return;
  if (from.url.pathname === to.url.pathname || to.url.hash) return;
  if (document.activeElement && document.activeElement !== document.body) return;
  const heading = document.querySelector<HTMLElement>('main h1');
  if (!heading) return;
  // Focusable by script only: a heading is no stop in the Tab order.
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}
