import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's minimum: 19 MiB of memory, 2 passes, 1 lane. The algorithm is the
 * library's default (argon2id); the parameters live in the PHC string, so they can be raised later
 * without invalidating stored hashes.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/**
 * Verified against when the email is unknown, so an unknown email takes as long as a wrong
 * password and the response time does not reveal which accounts exist.
 */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('keyway-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
