import type { Page, TestInfo } from '@playwright/test';
import { ensureRegistrationKeys, expect, test, USERS } from './fixtures.ts';

/**
 * Lists fit the screen: at the four widths people use, nothing scrolls sideways, every action of
 * a row is on screen and reachable with Tab, and on a phone each row is a card.
 */
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
  { width: 390, height: 844 },
] as const;

const LISTS = [
  { name: 'customers', user: USERS.tier1Admin, path: '/licenses/customers', screenshot: true },
  { name: 'transactions', user: USERS.tier1Admin, path: '/admin/transactions', screenshot: true },
  { name: 'pool', user: USERS.tier1Admin, path: '/licenses/pool', screenshot: true },
  { name: 'registration-keys', user: USERS.mspAdmin, path: '/licenses/registration-keys', screenshot: false },
  { name: 'partners', user: USERS.tier1Admin, path: '/licenses/partners', screenshot: false },
  { name: 'billing-intake', user: 'admin@keyway.example', path: '/reports/billing', screenshot: false },
] as const;

/** Rows of each list checked for their actions. */
const FIRST_ROWS = 3;

async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    document: { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth },
    tables: [...document.querySelectorAll<HTMLElement>('main [data-slot="table-container"]')].map((container) => ({
      label: container.querySelector('table')?.getAttribute('aria-label') ?? container.closest('section')?.querySelector('h2')?.textContent ?? '',
      scroll: container.scrollWidth,
      client: container.clientWidth,
    })),
  }));
  expect(widths.document.scroll, 'the page does not scroll sideways').toBeLessThanOrEqual(widths.document.client);
  expect(widths.tables.length, 'the page shows a list').toBeGreaterThan(0);
  for (const table of widths.tables) {
    expect(table.scroll, `the table "${table.label}" does not scroll sideways`).toBeLessThanOrEqual(table.client);
  }
}

/** The buttons and links of a list table's first rows: each on screen, and each reached by Tab from its row. */
async function expectActionsReachable(page: Page, viewportWidth: number) {
  const rows = page.locator('main .list-table tbody > tr');
  const count = Math.min(await rows.count(), FIRST_ROWS);
  expect(count, 'the list has rows').toBeGreaterThan(0);
  for (let index = 0; index < count; index++) {
    const row = rows.nth(index);
    const actions = row.locator('button:visible, a[href]:visible');
    const total = await actions.count();
    for (let action = 0; action < total; action++) {
      const box = await actions.nth(action).boundingBox();
      expect(box, 'the action has a box').not.toBeNull();
      expect(box!.x, `${await actions.nth(action).innerText()} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${await actions.nth(action).innerText()} ends on screen`).toBeLessThanOrEqual(viewportWidth);
    }
  }

  // Keyboard: from the first row, Tab visits each of its actions in turn, with a visible focus.
  const first = rows.first();
  const targets = first.locator('button:visible:enabled, a[href]:visible');
  const wanted = await targets.count();
  if (wanted === 0) return;
  await first.evaluate((row) => {
    row.querySelectorAll('button, a[href]').forEach((element, index) => element.setAttribute('data-tab-probe', String(index)));
    (row as HTMLElement).focus();
  });
  const reached = new Set<string>();
  for (let step = 0; step < wanted + 2 && reached.size < wanted; step++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const probe = element?.getAttribute('data-tab-probe');
      if (!element || probe === null || probe === undefined) return null;
      const box = element.getBoundingClientRect();
      return { probe, visible: element.matches(':focus-visible'), right: box.right, left: box.left };
    });
    if (!focused) continue;
    expect(focused.visible, 'the focused action shows its focus').toBe(true);
    expect(focused.left).toBeGreaterThanOrEqual(0);
    expect(focused.right).toBeLessThanOrEqual(viewportWidth);
    reached.add(focused.probe);
  }
  expect(reached.size, 'Tab reaches every action of the first row').toBe(wanted);
}

async function expectCards(page: Page) {
  const rows = page.locator('main .list-table tbody > tr');
  const count = Math.min(await rows.count(), FIRST_ROWS);
  for (let index = 0; index < count; index++) {
    const layout = await rows.nth(index).evaluate((row) => {
      const cells = [...row.querySelectorAll<HTMLElement>(':scope > td')].filter((cell) => cell.getBoundingClientRect().height > 0);
      const labelled = cells.find((cell) => cell.dataset.label);
      // The title comes first whatever its column's place: compare the cells as they are shown.
      const boxes = cells.map((cell) => cell.getBoundingClientRect()).sort((a, b) => a.top - b.top);
      return {
        display: getComputedStyle(row).display,
        stacked: boxes.every((box, i) => i === 0 || box.top >= boxes[i - 1]!.bottom - 1),
        label: labelled ? getComputedStyle(labelled, '::before').content : null,
        header: labelled?.dataset.label ?? null,
      };
    });
    expect(layout.display, 'a row is a card, not a table row').not.toBe('table-row');
    expect(layout.stacked, 'a card shows its fields one under another').toBe(true);
    if (layout.header) expect(layout.label, 'a card labels its values with the column headers').toContain(layout.header);
  }
}

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test.describe('lists fit the screen', () => {
  test.beforeAll(async ({ browser, baseURL }) => {
    // The MSP's demo data has no keys yet: one small batch makes the keys list a list.
    await ensureRegistrationKeys(browser, baseURL!);
  });

  for (const list of LISTS) {
    for (const viewport of VIEWPORTS) {
      test(`${list.name} at ${viewport.width} px`, async ({ page, signInAs }, testInfo) => {
        await page.setViewportSize(viewport);
        await signInAs(list.user);
        await page.goto(list.path);
        await expect(page.locator('main .list-table tbody > tr').first()).toBeVisible();

        await expectNoSidewaysScroll(page);
        await expectActionsReachable(page, viewport.width);
        if (viewport.width < 640) await expectCards(page);
        else await expect(page.locator('main .list-table tbody > tr').first()).toHaveCSS('display', 'table-row');

        if (list.screenshot) await attachScreenshot(page, testInfo, `${list.name}-${viewport.width}`);
      });
    }
  }
});
