import { closeDb, createDb } from '../client.ts';
import { migrateDb } from '../migrate.ts';

/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the database to migrate (npm start migrates its embedded one itself).');
  process.exit(1);
}
const db = createDb(url, { max: 1 });
try {
  await migrateDb(db);
  console.log('Migrations applied.');
} finally {
  await closeDb(db);
}
