import { expect, signInThroughApi, test, USERS } from './fixtures.ts';

/** The headers that keep the console's pages from being framed, sniffed or injected into. */

test('an HTML page carries a nonce-based Content-Security-Policy and the other security headers', async ({
  page,
}) => {
  const response = await page.goto('/sign-in');
  const headers = response!.headers();
  expect(headers['content-type']).toContain('text/html');

  const policy = Object.fromEntries(
    headers['content-security-policy']!.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
  expect(policy['script-src']).toContain("'self'");
  expect(policy['script-src']).not.toContain("'unsafe-inline'");
  expect(policy['script-src']!.some((value: string) => value.startsWith("'nonce-"))).toBe(true);
  expect(policy['frame-ancestors']).toEqual(["'none'"]);
  expect(policy['object-src']).toEqual(["'none'"]);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // The e2e console is served over http: HSTS there would lock a browser out of it.
  expect(headers['strict-transport-security']).toBeUndefined();

  // Each response gets its own nonce.
  const again = await page.request.get('/sign-in');
  expect(again.headers()['content-security-policy']).not.toBe(headers['content-security-policy']);
});

test('pages hydrate and work under the policy without a single violation', async ({ page, signInAs }) => {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });

  await signInAs(USERS.tier1CustomerManager);
  // `page.goto` waits for the console's script to mark the page hydrated, which an inline
  // bootstrap script without its nonce would never do.
  await page.goto('/dashboard');
  await page.goto('/licenses/customers');
  await page.getByLabel('Partner').click();
  await page.getByRole('option', { name: 'Managed directly' }).click();
  await expect(page).toHaveURL(/partner=direct/);
  // The export menu draws its progress with an inline width.
  await page.getByRole('button', { name: 'Export' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  await downloading;
  await expect(page.getByText(/^Exported \d+ customers? to customers-/)).toBeVisible();
  await page.goto('/licenses/registration-keys');

  expect(violations).toEqual([]);
});

test('an export started from another site is refused and does not count against the quota', async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  await signInThroughApi(request, baseURL!, 'customer-account-manager@bluefin-it.example');
  const address = '/api/exports/customers?format=csv';

  // More than the quota of exports (10 per 10 minutes) from a link on another site.
  for (let attempt = 1; attempt <= 12; attempt++) {
    const forged = await request.get(address, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(forged.status(), `attempt ${attempt}`).toBe(403);
    expect((await forged.json()).error.message).toContain('Exports start from the console itself');
  }
  const fromOrigin = await request.get(address, { headers: { Origin: 'https://attacker.example' } });
  expect(fromOrigin.status()).toBe(403);

  // The user's own exports are all still there.
  for (let attempt = 1; attempt <= 10; attempt++) {
    const own = await request.get(address, { headers: { 'Sec-Fetch-Site': 'same-origin' } });
    expect(own.status(), `own export ${attempt}`).toBe(200);
    expect(own.headers()['content-type']).toContain('text/csv');
  }
  await request.dispose();
});
