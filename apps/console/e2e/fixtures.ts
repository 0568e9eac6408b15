import { test as base, expect, type APIRequestContext } from '@playwright/test';

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

export const test = base.extend<{
  /** Signs the page's browser context in as this demo user. */
  signInAs: (email: string) => Promise<void>;
}>({
  signInAs: async ({ page, baseURL }, use) => {
    await use((email) => signInThroughApi(page.request, baseURL!, email));
  },
});

export { expect };
