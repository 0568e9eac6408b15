import { USERS, expect, test } from './fixtures.ts';

test('after a move to another page the focus is on that page’s heading, and not on the first load', async ({
  page,
  signInAs,
}) => {
  await signInAs(USERS.tier1Admin);
  await page.goto('/dashboard');
  // The browser's own start: nothing is moved.
  await expect(page.locator('h1')).not.toBeFocused();

  const navigation = page.getByRole('navigation', { name: 'Main' });
  await navigation.getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/licenses\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeFocused();

  // Keyboard users land there too, and Tab goes on into the page rather than the bar.
  await navigation.getByRole('link', { name: 'Service Plans' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Service Plans' })).toBeFocused();

  // A detail page reached from a list's row.
  const plan = page.locator('tbody').getByRole('link').first();
  const planName = (await plan.innerText()).trim();
  await plan.click();
  await expect(page.getByRole('heading', { level: 1, name: planName })).toBeFocused();
});

test('the dark side bar runs to the bottom of a long page, and stays in view scrolled to its end', async ({
  page,
  signInAs,
}) => {
  // A laptop window: the customers list runs well below it.
  await page.setViewportSize({ width: 1440, height: 600 });
  await signInAs(USERS.tier1Admin);
  await page.goto('/licenses/customers');
  const sidebar = page.locator('aside').filter({ has: page.getByRole('navigation', { name: 'Main' }) });
  await expect(sidebar).toBeVisible();

  const { documentHeight, viewportHeight } = await page.evaluate(() => ({
    documentHeight: document.documentElement.scrollHeight,
    viewportHeight: window.innerHeight,
  }));
  expect(documentHeight, 'the page is longer than the window').toBeGreaterThan(viewportHeight + 300);

  // A full-page picture, a print, a browser's overscroll: the bar spans the document, not only the window.
  const reach = await sidebar.evaluate((aside) => aside.getBoundingClientRect().bottom + window.scrollY);
  // scrollHeight is rounded up to a whole pixel.
  expect(reach, 'the side bar runs to the end of the document').toBeGreaterThan(documentHeight - 1);

  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY + window.innerHeight)).toBeGreaterThan(documentHeight - 1);
  const box = await sidebar.boundingBox();
  expect(box, 'the side bar is on screen').not.toBeNull();
  expect(box!.y).toBeLessThanOrEqual(0);
  expect(box!.y + box!.height).toBeGreaterThan(viewportHeight - 1);
  // What is painted at the window's bottom left is the side bar, not the page behind it.
  const bottomLeft = await page.evaluate(
    (y) => document.elementFromPoint(8, y)?.closest('aside') !== null,
    viewportHeight - 2,
  );
  expect(bottomLeft, 'the side bar is painted down to the bottom of the window').toBe(true);
  // The bar itself stays in view while the page scrolls.
  await expect(sidebar.getByRole('link', { name: 'Dashboard' })).toBeInViewport();
});
