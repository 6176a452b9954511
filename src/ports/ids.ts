import { randomUUID } from 'node:crypto';

export interface IdGenerator {
  newId(): string;
}

export const uuidIds: IdGenerator = { newId: () => randomUUID() };
