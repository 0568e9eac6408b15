import { closeDb, createDb } from '@keyway/db';
import { withJobQueue } from '../jobs/index.ts';
import { DEFAULT_SEED_PASSWORD, seedBillingReports, seedDemoData, seedKeyBatches, seedLicenseRequests, seedUsageReports } from '../seed/index.ts';

/** `npm run db:seed`: loads the demo data into DATABASE_URL (idempotent). */
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the database to seed (npm start seeds its embedded one itself).');
  process.exit(1);
}
const db = createDb(url, { max: 2 });
try {
  const accounts = await seedDemoData(db, process.env.SEED_PASSWORD || DEFAULT_SEED_PASSWORD);
  await withJobQueue(url, async (jobs) => {
    await seedUsageReports(db, jobs);
    await seedBillingReports(db, jobs);
    await seedLicenseRequests(db, jobs, process.env.ORIGIN ?? 'http://localhost:3000');
    await seedKeyBatches(db, jobs);
  });
  console.log(`Demo data ready: ${accounts.length} accounts.`);
  if (process.argv.includes('--markdown')) {
    console.log('| email | company | tier | role |\n|---|---|---|---|');
    for (const a of accounts) console.log(`| ${a.email} | ${a.company} | ${a.tier} | ${a.role} |`);
  }
} finally {
  await closeDb(db);
}
