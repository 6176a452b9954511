import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { issueReflectionPrompt } from '../../src/use-cases/reflections/issue-reflection-prompt.js';
import { startSlackHarness } from '../e2e/slack/slack-harness.js';
import {
  controlsIn,
  controlsInBlocks,
  type RenderedControl,
  typed,
  typeInDm,
} from '../e2e/slack/slack-walk.js';
import type { manualClock } from '../support/core-deps.js';
import { slashCommandBody } from '../support/slack-signing.js';
import { type Driver, type Shown, targetId } from './observe.js';
import { displayNames, type Role, roles, type Step } from './script.js';

const DAY = 86_400_000;
const ZONE = 'Europe/London';

/**
 * Slack: signed requests into the real Bolt app (slash commands with a response_url, message events from the
 * DM, block actions on the messages a person received, view submissions of the modal they have open), the fake
 * Slack Web API behind it, real PostgreSQL; the outbox is drained after every step as the delivery worker would.
 */
export async function startSlack(clock: ReturnType<typeof manualClock>): Promise<Driver> {
  const idOf = Object.fromEntries(
    roles.map((r) => [r, r === 'hr' ? 'U0HR000001' : `U0${r.toUpperCase().padEnd(8, '0')}`]),
  ) as Record<Role, string>;
  const h = await startSlackHarness({
    clock,
    users: roles.map((r) => ({ id: idOf[r], name: displayNames[r], real_name: displayNames[r], tz: ZONE })),
    settings: { hrAdmins: [idOf.hr] },
  });
  const roleOf = (userId: unknown) => roles.find((r) => idOf[r] === userId) ?? String(userId);
  /** The response_url keys of each person's requests (and when): their replies, where buttons are pressed again. */
  const keysOf = new Map<Role, { key: string; at: number }[]>();
  const newKey = (who: Role) => {
    const key = randomUUID();
    keysOf.set(who, [...(keysOf.get(who) ?? []), { key, at: Date.now() / 1000 }]);
    return key;
  };
  const mentions = (text: string) =>
    text.replace(/@([a-z]+)\b/g, (word, name: string) =>
      roles.includes(name as Role) ? `<@${idOf[name as Role]}>` : word,
    );

  /** Every control the person can see — answers only they saw, their DM, their channels — newest first. */
  const visibleControls = (who: Role): RenderedControl[] => {
    const user = idOf[who];
    const dm = h.fake.conversations.imWith(user)?.id ?? user;
    const seen: { at: number; controls: RenderedControl[] }[] = [];
    for (const { key, at } of keysOf.get(who) ?? [])
      for (const post of h.sink.postsTo(key))
        seen.push({ at, controls: controlsInBlocks((post.body as { blocks?: unknown[] }).blocks ?? [], dm) });
    for (const e of h.fake.ephemeralsTo(user))
      seen.push({
        at: Number(e.message_ts),
        controls: controlsInBlocks(e.blocks ?? [], e.channel, e.message_ts),
      });
    for (const c of h.fake.conversations.all().filter((c) => c.members.includes(user) || c.user === user))
      for (const m of h.fake.messagesIn(c.id)) seen.push({ at: Number(m.ts), controls: controlsIn([m]) });
    return seen.sort((a, b) => b.at - a.at).flatMap((s) => s.controls);
  };

  async function press(step: Extract<Step, { kind: 'press' }>): Promise<void> {
    const id = await targetId(driver, step.target);
    const control = visibleControls(step.who).find(
      (c) => c.actionId === step.actionId && (!id || `${c.value}${c.blockId}`.includes(id)),
    );
    if (!control) throw new Missing(`(no ${step.actionId} control to press)`);
    const at = step.at
      ? DateTime.fromJSDate(clock.now(), { zone: ZONE })
          .plus({ days: step.at.days })
          .set({ hour: step.at.hour, minute: 0, second: 0, millisecond: 0 })
          .toJSDate()
      : undefined;
    await h.action({
      user_id: idOf[step.who],
      channel_id: control.channel,
      message_ts: control.ts,
      response_url: h.sink.urlFor(newKey(step.who)),
      action: {
        action_id: control.actionId,
        type: control.type,
        ...(control.blockId ? { block_id: control.blockId } : {}),
        ...(control.value !== undefined ? { value: control.value } : {}),
        ...(at ? { selected_date_time: Math.floor(at.getTime() / 1000) } : {}),
      },
    });
  }

  async function submit(step: Extract<Step, { kind: 'submit' }>): Promise<void> {
    const view = h.fake.views.filter((v) => v.type === 'modal').at(-1);
    if (!view || submitted.has(view.id)) throw new Missing('(no open form to submit)');
    submitted.add(view.id);
    await h.submit({
      user_id: idOf[step.who],
      callback_id: view.callback_id,
      view_id: view.id,
      hash: view.hash,
      private_metadata: view.private_metadata,
      values: Object.fromEntries(Object.entries(step.values).map(([field, value]) => [field, typed(value)])),
    });
  }
  const submitted = new Set<string>();

  async function act(step: Step): Promise<void> {
    switch (step.kind) {
      case 'command':
        await h.post(
          slashCommandBody({
            command: '/coaching',
            text: mentions(step.text),
            user_id: idOf[step.who],
            response_url: h.sink.urlFor(newKey(step.who)),
          }),
        );
        return;
      case 'dm':
        await typeInDm(h, idOf[step.who], step.text);
        return;
      case 'press':
        return press(step);
      case 'submit':
        return submit(step);
      case 'advance':
        clock.advance(step.days * DAY);
        return;
      case 'prompt':
        for (const engagement of await h.uow.read.engagements.listActive())
          await issueReflectionPrompt({ engagementId: engagement.id, dueAt: clock.now() }, h.deps.core);
    }
  }

  const driver: Driver = {
    platform: 'slack',
    uow: h.uow,
    cipher: h.deps.core.cipher,
    idOf,
    ownOutbox: new Set(),
    postedTo(entry) {
      const channel = entry.platformMessageId?.split(':')[0];
      const conversation = channel ? h.fake.conversations.get(channel) : undefined;
      if (!conversation) return undefined;
      const where = conversation.is_im
        ? 'dm'
        : (/^triad-(sponsor|coaching)-/.exec(conversation.name)?.[1] ?? conversation.name);
      const members = conversation.is_im ? [conversation.user ?? ''] : conversation.members;
      return { where, readers: members.filter((m) => m !== h.fake.identity.botUserId).map(roleOf) };
    },
    async perform(step) {
      const calls = h.fake.calls.length;
      const who = 'who' in step ? step.who : undefined;
      const keys = who ? (keysOf.get(who) ?? []).length : 0;
      try {
        await act(step);
      } catch (error) {
        if (error instanceof Missing && who) return [{ to: who, text: error.message }];
        throw error;
      }
      const answered = h.fake.calls.length;
      await h.drain();
      const shown: Shown[] = [];
      // A post in a conversation while answering (not a delivery from the outbox): everyone there sees it.
      for (const call of h.fake.calls.slice(calls, answered)) {
        const conversation = h.fake.conversations.get(String(call.args.channel ?? ''));
        if (call.method !== 'chat.postMessage' || !call.ok || !conversation) continue;
        const members = conversation.is_im ? [conversation.user ?? ''] : conversation.members;
        for (const member of members.filter((m) => m !== h.fake.identity.botUserId))
          shown.push({ to: roleOf(member), text: String(call.args.text ?? '') });
      }
      // What only the person acting saw: response_url answers, ephemerals, modals opened for them.
      for (const { key } of who ? (keysOf.get(who) ?? []).slice(keys) : []) {
        for (const post of h.sink.postsTo(key))
          shown.push({ to: who ?? '', text: String((post.body as { text?: string }).text ?? '') });
      }
      for (const call of h.fake.calls.slice(calls)) {
        if (call.method === 'chat.postEphemeral')
          shown.push({ to: roleOf(call.args.user), text: String(call.args.text ?? '') });
        if (call.method === 'views.open' || call.method === 'views.push' || call.method === 'views.update') {
          const view = call.args.view as { title?: { text?: string }; type?: string } | undefined;
          if (view?.type !== 'home')
            shown.push({ to: who ?? '?', form: true, text: view?.title?.text ?? '' });
        }
      }
      return shown;
    },
    close: () => h.close(),
  };
  return driver;
}

/** A step the person could not take on this platform (no such control, no open form): part of the outcome. */
class Missing extends Error {}
