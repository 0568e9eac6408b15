import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { USERS, expect, test } from './fixtures.ts';

/** WCAG 2.2 AA, as axe groups its rules. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The violations a user with a screen reader, a keyboard or low vision would hit first. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  // `region` is a best practice rather than a WCAG rule: it is asked for by name so that content
  // outside the landmarks (a screen reader's way around a page) counts too.
  const results = await new AxeBuilder({ page })
    .options({
      runOnly: { type: 'tag', values: WCAG_TAGS },
      rules: { region: { enabled: true } },
      // Passes and undecided checks are not reported: collecting them doubles the time of a scan.
      resultTypes: ['violations'],
    })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical' || violation.id === 'region')
    .map(
      (violation) =>
        `${where}: ${violation.id} (${violation.impact}) ${violation.help}\n` +
        violation.nodes
          .slice(0, 4)
          .map((node) => `    ${node.target.join(' ')}${node.failureSummary ? ` — ${node.failureSummary.split('\n').slice(1).join(' ').trim()}` : ''}`)
          .join('\n'),
    );
}

/** The main dialog of a page, by the button that opens it: scanned open as well. */
const DIALOGS: Record<string, string> = {
  '/licenses/registration-keys': 'Generate keys',
  '/licenses/customers/:id/licenses': 'Assign plans',
  '/licenses/customers/:id/accounts': 'New account',
  '/admin/company': 'Edit profile',
  '/admin/branding': 'New document',
};

/** Waits until the page shows what a user came for: its heading, with the script in charge. */
async function settled(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
}

/** An address's path with ids and keys replaced, so one page of each kind is scanned. */
function pageKind(pathname: string): string {
  return pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\/templates\/[^/]+/, '/templates/:event');
}

/** Same-origin paths of the links in `scope` that lead below `prefix`. */
async function linksBelow(page: Page, scope: string, prefix: string): Promise<string[]> {
  const hrefs = await page.locator(`${scope} a[href]`).evaluateAll((anchors) =>
    anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname),
  );
  return [...new Set(hrefs.filter((href) => href.startsWith(`${prefix}/`)))];
}

/**
 * Scans every page the user's navigation bar leads to, the first detail page each list links to
 * (and that page's tabs), the pages a list links to beside its rows (new, settings, tabs), and the
 * main dialog of the pages that have one. Returns every serious or critical violation found.
 */
async function scanConsole(page: Page, home: string): Promise<{ violations: string[]; scanned: string[] }> {
  const violations: string[] = [];
  const scanned: string[] = [];
  const seen = new Set<string>();

  const scan = async (path: string) => {
    await page.goto(path);
    await settled(page);
    const landed = new URL(page.url()).pathname;
    seen.add(pageKind(landed));
    scanned.push(landed);
    violations.push(...(await seriousViolations(page, landed)));
    const opens = DIALOGS[pageKind(landed)];
    if (!opens) return;
    const trigger = page.getByRole('button', { name: opens, exact: true });
    // The user's role may not offer it.
    if ((await trigger.count()) === 0) return;
    await expect(trigger).toBeEnabled();
    await trigger.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    const where = `${landed} [${opens}]`;
    scanned.push(where);
    violations.push(...(await seriousViolations(page, where)));
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  };

  await page.goto(home);
  await settled(page);
  const navigation = await page
    .getByRole('navigation', { name: 'Main' })
    .first()
    .locator('a[href]')
    .evaluateAll((anchors) => anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname));
  expect(navigation.length, 'the navigation bar lists pages').toBeGreaterThan(0);

  for (const entry of navigation) {
    await scan(entry);
    // A list's rows lead to detail pages: the first row's, once per kind of page.
    const inRows = await linksBelow(page, 'main table tbody', entry);
    const besideRows = (await linksBelow(page, 'main', entry)).filter((href) => !inRows.includes(href));
    const below = [...besideRows, ...inRows].filter((href) => !seen.has(pageKind(href)));
    for (const path of below) {
      if (seen.has(pageKind(path))) continue;
      await scan(path);
      // A detail page's own tabs.
      const detail = new URL(page.url()).pathname;
      for (const tab of await linksBelow(page, 'main', detail)) {
        if (seen.has(pageKind(tab))) continue;
        await scan(tab);
      }
    }
  }
  return { violations, scanned };
}

function report(violations: string[], scanned: string[]): string {
  return `${violations.length} serious or critical violations on ${scanned.length} pages scanned:\n${violations.join('\n')}`;
}

const TIERS = [
  { who: 'the vendor administrator', email: 'admin@keyway.example', home: '/dashboard' },
  { who: 'a tier-1 administrator', email: USERS.tier1Admin, home: '/dashboard' },
  { who: 'an MSP administrator', email: USERS.mspAdmin, home: '/dashboard' },
  { who: 'a reseller administrator', email: USERS.resellerAdmin, home: '/dashboard' },
  { who: 'a customer administrator', email: 'admin@acme-dental.example', home: '/portal' },
];

for (const tier of TIERS) {
  test(`${tier.who} meets WCAG 2.2 AA on every page of the navigation bar, their details, tabs and dialogs`, async ({
    page,
    signInAs,
  }) => {
    // Up to forty pages and dialogs, each loaded and analysed: a few seconds each on a busy machine.
    test.setTimeout(600_000);
    await signInAs(tier.email);
    const { violations, scanned } = await scanConsole(page, tier.home);
    expect(violations.length, report(violations, scanned)).toBe(0);
  });
}

test('the signed-out pages meet WCAG 2.2 AA', async ({ page }) => {
  const violations: string[] = [];
  const pages = ['/sign-in', '/forgot-password', '/reset-password/not-a-real-token', '/sign-in/northwind-distribution/acme-dental'];
  for (const path of pages) {
    await page.goto(path);
    await settled(page);
    violations.push(...(await seriousViolations(page, path)));
  }
  expect(violations.length, report(violations, pages)).toBe(0);
});
