import { createInMemoryUnitOfWork } from '../support/in-memory-store/index.js';
import { repositoryContract } from './repository-contract.js';

repositoryContract('the in-memory store', async () => ({
  uow: createInMemoryUnitOfWork(),
  close: async () => {},
}));
