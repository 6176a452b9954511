import { createDatabase } from '../../db/client.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { createTestDatabase } from '../support/test-database.js';
import { repositoryContract } from './repository-contract.js';

repositoryContract('PostgreSQL', async () => {
  const testDatabase = await createTestDatabase();
  const database = createDatabase(testDatabase.url, { max: 5 });
  return {
    uow: createUnitOfWork(database.db),
    close: async () => {
      await database.close();
      await testDatabase.drop();
    },
  };
});
