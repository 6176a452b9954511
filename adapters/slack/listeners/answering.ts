import { describeError } from '../errors.js';
import { type ReplyTarget, replyText } from '../reply.js';

/**
 * Runs a listener's work and turns the errors a person can act on (TriadError codes, bad input, a database
 * outage) into an ephemeral answer. Anything else is rethrown to Bolt's error handler.
 */
export async function answering(target: ReplyTarget, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const words = describeError(error);
    if (words === undefined) throw error;
    await replyText(target, words);
  }
}
