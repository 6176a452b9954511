import { createPgliteDatabase } from '../../db/pglite.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import { repositoryContract } from './repository-contract.js';

repositoryContract('PGlite', async () => {
  const database = await createPgliteDatabase();
  return { uow: createUnitOfWork(database.db), close: () => database.close() };
});
