import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Gated } from '../../../../src/confidentiality/outbound-gate.js';
import { isLive } from '../../../../src/engagement/lifecycle.js';
import type { OutboundMessage } from '../../../../src/messages/message.js';
import type { Actor } from '../../../../src/use-cases/actor.js';
import { resolveActor } from '../../../../src/use-cases/actor.js';
import { exportMyData } from '../../../../src/use-cases/client/export-my-data.js';
import type { DirectoryDeps } from '../../../../src/use-cases/deps.js';
import { listMyGoals } from '../../../../src/use-cases/goals/list-my-goals.js';
import { answerFromPlainMessage } from '../../../../src/use-cases/reflections/answer-from-plain-message.js';
import { relayToSponsorThread } from '../../../../src/use-cases/sponsor/relay-to-sponsor-thread.js';
import { SlackInputError } from '../../errors.js';
import { type ReplyTarget, replyText, replyWith } from '../../reply.js';
import { type SlackDeps, slackActor } from '../../slack-deps.js';
import { answering } from '../answering.js';

interface DirectMessage {
  channel?: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts?: string;
  subtype?: string;
  bot_id?: string;
}

/** Slack sends typed text with `&`, `<` and `>` escaped; the core stores what the person typed. */
export const unescapeSlackText = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Whether the person is the client, or the sponsor, of a live engagement. */
async function rolesOf(core: DirectoryDeps, actor: Actor) {
  const resolved = await resolveActor(core.uow.read, core, actor);
  const person = resolved.person;
  const live = person
    ? (await core.uow.read.engagements.listForPerson(person.id)).filter((e) => isLive(e.stage))
    : [];
  return {
    client: live.some((e) => e.clientId === person?.id),
    sponsor: live.some((e) => e.sponsorId === person?.id),
    hr: resolved.isHrAdmin,
  };
}

const DM_HELP = [
  '*In this DM with Triad*',
  '• Answer your weekly reflection with the *Answer* button: the answer is kept only in Triad, encrypted. Typing a reply here works too, but it also stays in Slack’s history.',
  '• `goals` — your private goals, to draft, edit, or preview and share with your sponsor.',
  '• `export` — everything you wrote, shown only to you.',
  '• Sponsors: what you write here can be posted in a sponsor channel, where your client and their coach see it — you choose which one and confirm first.',
  '• HR: use `/coaching help`.',
].join('\n');

/**
 * A message typed in someone's DM with Triad. From a client it is their reflection answer (they are told once
 * that typed messages stay in Slack's history, unlike answers given with the button); from a sponsor or HR it
 * goes to the sponsor thread, where the client sees it — Triad is never a backchannel. `goals` lists the
 * client's goals. The answer is ephemeral in the DM.
 */
export function directMessage(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'message'>> {
  return async ({ message, body, client }) => {
    const m = message as DirectMessage;
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id || !m.user || !m.channel) return;
    const user = m.user;
    const target: ReplyTarget = { client, user, channel: m.channel };
    await answering(target, async () => {
      const actor = slackActor((body as { team_id?: string }).team_id, user);
      const text = unescapeSlackText(m.text ?? '').trim();
      const requestKey = `slack:${m.channel}:${m.ts}`;
      const word = text.toLowerCase();
      if (word === 'help') {
        await replyText(target, DM_HELP);
        return;
      }
      const roles = await rolesOf(deps.core, actor);
      let result: { reply: Gated<OutboundMessage> };
      if (word === 'export') {
        result = await exportMyData({ actor, surface: 'client_dm' }, deps.core);
      } else if (roles.client && word === 'goals') {
        result = await listMyGoals({ actor, surface: 'client_dm' }, deps.core);
      } else if (roles.client) {
        result = await answerFromPlainMessage({ actor, text, requestKey }, deps.core);
      } else if (roles.sponsor || roles.hr) {
        result = await relayToSponsorThread({ actor, text, requestId: requestKey }, deps.core);
      } else {
        throw new SlackInputError(
          'Triad has nothing for you to answer here.',
          'Coaches talk with their clients in the coaching channel; HR uses /coaching.',
        );
      }
      deps.logger.info({ event: 'message.im', roles }, 'direct message handled');
      await replyWith(target, result.reply);
    });
  };
}
