import type { Activity } from 'botbuilder';
import { deliverOutboxEntry } from '../../../src/outbox/deliver-outbox-entry.js';
import type { Messenger } from '../../../src/ports/messenger.js';
import {
  cardActionActivity,
  dialogActivity,
  spokenActivity,
  type TeamsHarness,
} from '../../e2e/teams/teams-harness.js';
import type { PostResult } from '../../support/fake-bot-connector/index.js';

export interface TeamsRedelivering {
  harness: TeamsHarness;
  /** Distinct activities sent. */
  sent(): number;
  /** Copies posted in all (retries with the same id, double clicks with a new one). */
  posted(): number;
  /** Of those, the double clicks: a form submitted again with the same data and its own activity id. */
  doubleClicks(): number;
}

const ALREADY_DONE = 'Already done.';
const answered = (result: PostResult) => result.status === 200 && !result.body.includes(ALREADY_DONE);

/**
 * The harness, but every activity reaches the app `copies` times, as the Bot Framework channel re-sends one it
 * thinks was not handled: the first two at the same moment (a re-send while the bot is still busy), the rest
 * one after another, all with the same activity id. Form submits are also double-clicked: a second invoke with
 * the same data and a new activity id, at the same moment as the first. The answer returned is the one that
 * did the work (not a copy's "Already done."), so the walk helpers go through it unchanged.
 */
export function redeliveringTeams(h: TeamsHarness, copies: number): TeamsRedelivering {
  let sent = 0;
  let posted = 0;
  let doubleClicks = 0;
  const postCopies = async (activity: Partial<Activity>, doubleClick?: () => Partial<Activity>) => {
    sent += 1;
    const first = [h.post(activity), ...(copies > 1 ? [h.post(activity)] : [])];
    if (doubleClick) {
      doubleClicks += 1;
      first.push(h.post(doubleClick()));
    }
    posted += first.length;
    const results = await Promise.all(first);
    for (let retry = 2; retry < copies; retry += 1) {
      posted += 1;
      results.push(await h.post(activity));
    }
    const failed = results.find((r) => r.status !== 200);
    if (failed) throw new Error(`a copy was answered ${failed.status}: ${failed.body}`);
    return results.find(answered) ?? (results[0] as PostResult);
  };
  const harness: TeamsHarness = {
    ...h,
    post: (activity, options) => (options ? h.post(activity, options) : postCopies(activity)),
    say: (person, text, conversation, extra = {}) =>
      postCopies(
        spokenActivity(h.teams.fake, h.people, person, text, conversation ?? h.chatOf(person), extra),
      ),
    invoke(person, conversation, data, options = {}) {
      const make = () => cardActionActivity(h.teams.fake, person, conversation, data, options);
      return postCopies(make(), data.actionId === 'form.submit' ? make : undefined);
    },
    dialog(person, conversation, name, data) {
      const make = () => dialogActivity(h.teams.fake, person, conversation, name, data);
      return postCopies(make(), name === 'task/submit' && data.actionId === 'form.submit' ? make : undefined);
    },
  };
  return { harness, sent: () => sent, posted: () => posted, doubleClicks: () => doubleClicks };
}

/** Codes of entries that wait for people (a chat to make, someone to add or remove), not for Teams. */
export const PEOPLE_WAITS = ['space_not_linked', 'member_not_added', 'member_not_removed', 'roster_mismatch'];

export interface FaultRidingDelivery {
  /** Delivers every pending entry, riding out Teams' faults, until only entries waiting for people remain. */
  drain(): Promise<{ sent: number; waiting: string[] }>;
  /** Outcomes other than 'sent' seen while draining, by code (each a retry the faults caused). */
  retries: Map<string, number>;
  /** The messenger deliveries go through from now on (a restarted worker's). */
  useMessenger(messenger: Messenger): void;
}

/**
 * Delivery as the worker does it over time: entries that Teams refused for now (429, 5xx, timeouts) are tried
 * again at once (the clock is manual; nothing waits for `available_at`) until every entry is sent or waits for
 * people. A refused or failed entry is an error: under faults nothing may be given up.
 */
export function faultRidingDelivery(h: TeamsHarness): FaultRidingDelivery {
  let messenger = h.messenger;
  const retries = new Map<string, number>();
  const deps = () => ({
    uow: h.uow,
    cipher: h.core.cipher,
    clock: h.core.clock,
    logger: h.core.logger,
    messengers: { teams: messenger },
    policy: { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return {
    retries,
    useMessenger(next) {
      messenger = next;
    },
    async drain() {
      let sent = 0;
      for (let round = 0; round < 60; round += 1) {
        const pending = await h.database.sql<{ id: string }[]>`
          select id from outbox where status = 'pending' order by seq`;
        let progress = false;
        const waiting = new Set<string>();
        for (const { id } of pending) {
          const outcome = await deliverOutboxEntry({ outboxId: id }, deps());
          if (outcome.outcome === 'sent') {
            sent += 1;
            progress = true;
          } else if (outcome.outcome === 'retry') {
            retries.set(outcome.code, (retries.get(outcome.code) ?? 0) + 1);
            if (PEOPLE_WAITS.includes(outcome.code)) waiting.add(outcome.code);
            else progress = true;
          } else if (outcome.outcome !== 'skipped') {
            throw new Error(`delivery ${JSON.stringify(outcome)}`);
          }
        }
        if (!progress) return { sent, waiting: [...waiting].sort() };
      }
      throw new Error('the outbox did not settle');
    },
  };
}
