import { setupTestServer } from './testing.ts';

/** Vitest global setup shared by every package with integration tests. */
export default async function setup() {
  return setupTestServer();
}
