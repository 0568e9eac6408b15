import { DEMO_PASSWORD, expect, signInThroughApi, test } from './fixtures.ts';

/** Security properties checked over real HTTP against the built console. */

const signInBody = (email: string, password: string) => ({ data: { json: { email, password } } });

test('a cross-site POST is refused and sets no session', async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const forged = await request.post('/api/trpc/auth.signIn', {
    ...signInBody('admin@northwind-distribution.example', DEMO_PASSWORD),
    headers: { Origin: 'https://attacker.example' },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.message).toContain('Cross-site requests are refused');
  expect(forged.headers()['set-cookie']).toBeUndefined();

  const fromAnotherSite = await request.post('/api/trpc/auth.signIn', {
    ...signInBody('admin@northwind-distribution.example', DEMO_PASSWORD),
    headers: { 'Sec-Fetch-Site': 'cross-site' },
  });
  expect(fromAnotherSite.status()).toBe(403);

  const withNeither = await request.post('/api/trpc/auth.signIn', {
    ...signInBody('admin@northwind-distribution.example', DEMO_PASSWORD),
  });
  expect(withNeither.status()).toBe(403);

  const sameOrigin = await request.post('/api/trpc/auth.signIn', {
    ...signInBody('admin@northwind-distribution.example', DEMO_PASSWORD),
    headers: { Origin: baseURL! },
  });
  expect(sameOrigin.status()).toBe(200);
  await request.dispose();
});

test('a signed-in cross-site mutation (sign-out) is refused and the session survives', async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  await signInThroughApi(request, baseURL!, 'admin@bluefin-it.example');
  const forged = await request.post('/api/trpc/auth.signOut', {
    data: {},
    headers: { Origin: 'https://attacker.example' },
  });
  expect(forged.status()).toBe(403);
  const me = await request.get('/api/trpc/auth.me');
  expect(me.status()).toBe(200);
  expect((await me.json()).result.data.json.user.email).toBe('admin@bluefin-it.example');
  await request.dispose();
});

test('the 11th sign-in attempt within a minute is refused, even with the right password', async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const email = 'support-engineer@harbor-resellers.example';
  for (let attempt = 1; attempt <= 10; attempt++) {
    const wrong = await request.post('/api/trpc/auth.signIn', {
      ...signInBody(email, `wrong-password-${attempt}`),
      headers: { Origin: baseURL! },
    });
    expect(wrong.status(), `attempt ${attempt}`).toBe(401);
    expect((await wrong.json()).error.json.message).toBe('Email or password is wrong.');
  }
  const eleventh = await request.post('/api/trpc/auth.signIn', {
    ...signInBody(email, DEMO_PASSWORD),
    headers: { Origin: baseURL! },
  });
  expect(eleventh.status()).toBe(429);
  const retryAfter = Number(eleventh.headers()['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect((await eleventh.json()).error.json.message).toMatch(/Too many sign-in attempts\. Try again in \d+ seconds\./);
  expect(eleventh.headers()['set-cookie']).toBeUndefined();
  await request.dispose();
});

test('a session cookie whose session was deleted is refused', async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  await signInThroughApi(request, baseURL!, 'admin@summit-msp.example');
  const saved = await request.storageState();
  expect((await request.get('/api/trpc/auth.me')).status()).toBe(200);

  const signOut = await request.post('/api/trpc/auth.signOut', { data: {}, headers: { Origin: baseURL! } });
  expect(signOut.status()).toBe(200);

  const replay = await playwright.request.newContext({ baseURL, storageState: saved });
  const me = await replay.get('/api/trpc/auth.me');
  expect(me.status()).toBe(401);
  expect((await me.json()).error.json.message).toBe('Sign in to continue.');
  await Promise.all([request.dispose(), replay.dispose()]);
});
