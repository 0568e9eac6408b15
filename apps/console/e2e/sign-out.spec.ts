import { USERS, expect, test, waitingForHydration } from './fixtures.ts';

test('signing out ends the session, and its old cookie is refused', async ({
  page,
  context,
  browser,
  baseURL,
  signInAs,
}) => {
  await signInAs(USERS.tier1SupportManager);
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  const cookiesBefore = await context.cookies();
  expect(cookiesBefore.length, 'a session cookie was set').toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/sign-in$/);

  // Someone who kept the cookie from before signing out gets nowhere with it.
  const replay = await browser.newContext({ baseURL });
  await replay.addCookies(cookiesBefore);
  const replayPage = waitingForHydration(await replay.newPage());
  await replayPage.goto('/dashboard');
  await expect(replayPage).toHaveURL(/\/sign-in$/);
  await expect(replayPage.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await replay.close();
});
