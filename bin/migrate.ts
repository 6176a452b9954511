import { migrateDatabase } from '../db/migrate.js';
import { parseDatabaseConfig } from './config/database.config.js';
import { loadConfig } from './load-config.js';

/** `npm run db:migrate`: applies the committed migrations. Reads DATABASE_URL and nothing else. */
const config = loadConfig(parseDatabaseConfig);
await migrateDatabase(config.DATABASE_URL);
console.log('Migrations applied.');
