import { TriadError } from '../../src/errors.js';

/** An optimistic update lost the race: someone else wrote a newer version first. */
export const conflictError = () =>
  new TriadError('conflict', 'Someone changed this at the same time. Please try again.');

/** An update or address change of a row that does not exist (any more). */
export const missingRowError = () =>
  new TriadError('not_found', 'That no longer exists. It may have been removed.');
