import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { GERMAN_DEMO_USER } from '@keyway/core/seed';
import { createApiCaller } from './root.ts';
import { callerAs, testContext } from './testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(async () => {
  await t.drop();
});

const as = (email: string) => callerAs(t.db, email);

describe("the API's messages in the person's language", () => {
  it('refuses a German-speaking user’s input and request in German, field messages included', async () => {
    const api = await as(GERMAN_DEMO_USER);
    await expect(api.customers.get({ id: 'not-an-id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'id: Das ist keine gültige Kunden-ID.',
      cause: { issues: [expect.objectContaining({ path: ['id'], message: 'Das ist keine gültige Kunden-ID.' })] },
    });
    await expect(api.customers.get({ id: randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Der Kunde wurde nicht gefunden.',
    });
  });

  it('refuses a billing run in German, and words what zod itself refuses in German too', async () => {
    // A parent account's billing manager who reads the console in German.
    await t.db.update(users).set({ language: 'de' }).where(eq(users.email, 'billing-manager@contoso-networks.example'));
    const api = await as('billing-manager@contoso-networks.example');
    await expect(api.billingReports.run({ cycle: '2099-01' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '2099-01 ist noch nicht zu Ende: Ein Zyklus wird abgerechnet, sobald er vorbei ist.',
    });
    await expect(api.billingReports.run({ cycle: 2099 as unknown as string })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'cycle: Ungültige Eingabe: erwartet string, erhalten Zahl',
    });
  });

  it('keeps English for an English-speaking user, word for word', async () => {
    const api = await as('admin@bluefin-it.example');
    await expect(api.customers.get({ id: 'not-an-id' })).rejects.toMatchObject({ message: 'id: That is not a valid customer id.' });
    await expect(api.customers.get({ id: randomUUID() })).rejects.toMatchObject({ message: 'Customer was not found.' });
    await expect(api.customers.list({ limit: 'ten' as unknown as number })).rejects.toMatchObject({ message: 'limit: Invalid input: expected number, received string' });
  });

  it('answers someone signed out in the language their browser asks for', async () => {
    const german = createApiCaller({ ...testContext(t.db, null), acceptLanguage: 'de-DE,de;q=0.9,en;q=0.5' });
    await expect(german.auth.signIn({ email: 'admin@harbor-resellers.example', password: 'wrong' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'E-Mail-Adresse oder Passwort ist falsch.',
    });
    await expect(german.customers.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Melden Sie sich an, um fortzufahren.' });
    const unknown = createApiCaller({ ...testContext(t.db, null), acceptLanguage: 'ja' });
    await expect(unknown.auth.signIn({ email: 'not-an-email', password: 'x' })).rejects.toMatchObject({
      message: 'email: Enter a valid email address.',
    });
  });
});
