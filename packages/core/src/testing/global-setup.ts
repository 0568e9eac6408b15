import { setupTestServer } from '@keyway/db/testing';
import { compileMessages } from '../../paraglide.config.ts';
import { installJobs } from '../jobs/index.ts';

/**
 * Vitest global setup for packages whose tests send jobs: the template every test database is
 * copied from also holds pg-boss's schema and queues. The API's messages are compiled first, so
 * tests run from a fresh checkout.
 */
export default async function setup() {
  await compileMessages();
  return setupTestServer(installJobs);
}
