import { migrateDatabase } from '../db/migrate.js';
import { loadConfig } from './load-config.js';

const config = loadConfig();
if (!config.DATABASE_URL) {
  console.error('db:migrate needs DATABASE_URL (postgres://user:password@host:5432/triad).');
  process.exit(1);
}
await migrateDatabase(config.DATABASE_URL);
console.log('Migrations applied.');
