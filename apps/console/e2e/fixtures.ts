import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type APIRequestContext, type Browser, type Cookie, type Page, type Response } from '@playwright/test';
import postgres from 'postgres';

/** The demo seed's password (SEED_PASSWORD when the run sets one). */
export const DEMO_PASSWORD = process.env.SEED_PASSWORD || 'keyway-demo';

/**
 * Demo accounts the specs sign in as: `<role-slug>@<account-name>.example`. Sign-in allows 10
 * attempts per email a minute, so specs spread over several accounts rather than all using one.
 */
export const USERS = {
  tier1Admin: 'admin@northwind-distribution.example',
  tier1BillingManager: 'billing-manager@northwind-distribution.example',
  tier1CustomerManager: 'customer-account-manager@northwind-distribution.example',
  tier1LicenseManager: 'license-manager@northwind-distribution.example',
  tier1SupportManager: 'support-manager@northwind-distribution.example',
  otherTier1Admin: 'admin@contoso-networks.example',
  mspAdmin: 'admin@bluefin-it.example',
  resellerAdmin: 'admin@harbor-resellers.example',
} as const;

/**
 * Signs in through the API, the way the sign-in form does, so the session cookie lands in the
 * request context's cookie jar (for `page.request`, the page's browser context).
 */
export async function signInThroughApi(
  request: APIRequestContext,
  baseURL: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  const response = await request.post('/api/trpc/auth.signIn', {
    data: { json: { email, password } },
    headers: { Origin: baseURL },
  });
  expect(response.status(), `sign-in as ${email}: ${await response.text()}`).toBe(200);
}

/**
 * Makes `page.goto`, `page.reload`, `page.goBack` and `page.goForward` return once the console's
 * script has taken over the page they load (the root layout marks it), so a click right after them
 * reaches the script rather than the bare HTML. A history step before then is not the console's:
 * the browser changes the address and SvelteKit, starting later, hydrates the server's page for the
 * old address under the new one (a filter showing its old value after Back).
 */
export function waitingForHydration(page: Page): Page {
  const hydrated = async (response: Response | null) => {
    if (response?.headers()['content-type']?.startsWith('text/html')) {
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    }
    return response;
  };
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  const goBack = page.goBack.bind(page);
  const goForward = page.goForward.bind(page);
  page.goto = async (url, options) => hydrated(await goto(url, options));
  page.reload = async (options) => hydrated(await reload(options));
  page.goBack = async (options) => hydrated(await goBack(options));
  page.goForward = async (options) => hydrated(await goForward(options));
  return page;
}

export const test = base.extend<
  {
    /**
     * Signs the page's browser context in as this demo user; with `language`, the user reads the
     * console in it for this test (Account Information → Language) and gets its own back after.
     */
    signInAs: (email: string, options?: { language?: 'en' | 'de' | 'fr' }) => Promise<void>;
  },
  {
    /** Each user's session cookies, kept for the worker's life: sign-in allows 100 attempts a minute per address. */
    sessions: Map<string, Cookie[]>;
  }
>({
  sessions: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(new Map());
    },
    { scope: 'worker' },
  ],
  page: async ({ page, javaScriptEnabled }, use) => {
    await use(javaScriptEnabled === false ? page : waitingForHydration(page));
  },
  signInAs: async ({ page, baseURL, sessions }, use) => {
    /** Users given another language by this test, with the language each had. */
    const lent = new Map<string, string>();
    await use(async (email, { language } = {}) => {
      if (language) {
        await withE2eDatabase(async (sql) => {
          const [user] = await sql<{ language: string }[]>`select language from users where email = ${email}`;
          if (!user) throw new Error(`No demo user ${email}`);
          if (!lent.has(email)) lent.set(email, user.language);
          await sql`update users set language = ${language} where email = ${email}`;
        });
      }
      const context = page.context();
      const kept = sessions.get(email);
      if (kept) {
        await context.addCookies(kept);
        // A spec may have signed this session out or ended it: then sign in again.
        if ((await page.request.get('/api/trpc/auth.me')).ok()) return;
      }
      await signInThroughApi(page.request, baseURL!, email);
      sessions.set(email, await context.cookies());
    });
    if (lent.size > 0) {
      await withE2eDatabase(async (sql) => {
        for (const [email, language] of lent) await sql`update users set language = ${language} where email = ${email}`;
      });
    }
  },
});

export { expect };

/**
 * The e2e server's database (`scripts/start.ts --e2e` records its URL), for specs that need rows
 * no console flow makes yet, or that read the outbox the way a mail recipient would.
 */
export function e2eDatabaseUrl(): string {
  if (process.env.E2E_DATABASE_URL) return process.env.E2E_DATABASE_URL;
  const file = fileURLToPath(new URL('../../../test-results/e2e-database-url.txt', import.meta.url));
  if (!existsSync(file)) throw new Error(`No e2e database URL: ${file} is missing (start.ts --e2e writes it).`);
  return readFileSync(file, 'utf8').trim();
}

export async function withE2eDatabase<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(e2eDatabaseUrl(), { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/** The newest mail's plain text to a recipient, as the mail provider received it. */
export async function newestMailText(recipient: string, event: string): Promise<string> {
  return withE2eDatabase(async (sql) => {
    const [row] = await sql<{ text: string }[]>`
      select text from email_messages where recipient_email = ${recipient} and event = ${event}
      order by created_at desc limit 1`;
    if (!row) throw new Error(`No ${event} mail to ${recipient}`);
    return row.text;
  });
}

/**
 * The MSP's registration keys: the demo data has none, so the first spec that needs some
 * generates a small batch (through the API, as the Generate keys form does) and waits for it.
 */
export async function ensureRegistrationKeys(browser: Browser, baseURL: string, email: string = USERS.mspAdmin): Promise<void> {
  const context = await browser.newContext({ baseURL });
  type Data<T> = { result: { data: { json: T } } };
  const keyCount = async () => {
    const response = await context.request.get(`/api/trpc/registrationKeys.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 5 } }))}`);
    return ((await response.json()) as Data<{ items: unknown[] }>).result.data.json.items.length;
  };
  try {
    await signInThroughApi(context.request, baseURL, email);
    if ((await keyCount()) > 0) return;
    const plans = (await (await context.request.get('/api/trpc/registrationKeys.plans')).json()) as Data<{ items: { id: string }[] }>;
    const created = await context.request.post('/api/trpc/registrationKeys.batches.create', {
      data: { json: { planId: plans.result.data.json.items[0]!.id, count: 5, validUntil: '2030-12-31', note: 'End-to-end keys' } },
      headers: { Origin: baseURL },
    });
    expect(created.ok(), await created.text()).toBe(true);
    await expect.poll(keyCount, { timeout: 30_000 }).toBe(5);
  } finally {
    await context.close();
  }
}
