import { describeError, SOMETHING_WENT_WRONG } from '../errors.js';
import { type ReplyTarget, replyText } from '../reply.js';

/**
 * Runs a listener's work and turns the errors a person can act on (TriadError codes, bad input, a database
 * outage) into an ephemeral answer. Anything else still gets a short "something went wrong, nothing was saved"
 * answer, and is rethrown to Bolt's error handler, which logs its name and code (never the payload).
 */
export async function answering(target: ReplyTarget, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const words = describeError(error);
    if (words !== undefined) {
      await replyText(target, words);
      return;
    }
    // The person is told even if Slack refuses this answer too; the error that matters is the one rethrown.
    await replyText(target, SOMETHING_WENT_WRONG).catch(() => undefined);
    throw error;
  }
}
