import { setupTestServer } from '@keyway/db/testing';
import { installJobs } from '../jobs/index.ts';

/**
 * Vitest global setup for packages whose tests send jobs: the template every test database is
 * copied from also holds pg-boss's schema and queues.
 */
export default async function setup() {
  return setupTestServer(installJobs);
}
