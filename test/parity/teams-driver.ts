import { issueReflectionPrompt } from '../../src/use-cases/reflections/issue-reflection-prompt.js';
import { TENANT_ID } from '../adapters/teams/support/teams-fakes.js';
import { type Person, startTeamsHarness } from '../e2e/teams/teams-harness.js';
import {
  actionsIn,
  changeMembers,
  click,
  dialogCardOf,
  type FoundAction,
  findAction,
  groupChatWith,
  localTime,
} from '../e2e/teams/teams-walk.js';
import type { manualClock } from '../support/core-deps.js';
import type { FakeConversation, PostResult } from '../support/fake-bot-connector/index.js';
import { GRAPH_PERMISSIONS } from '../support/fake-graph/index.js';
import { type Driver, outboxOf, payloadOf, type Shown, targetId } from './observe.js';
import { displayNames, type Role, roles, type Step } from './script.js';

const DAY = 86_400_000;
type Json = Record<string, unknown>;

/**
 * Teams: signed activities into the real botbuilder endpoint (messages typed in the person's 1:1 chat, card
 * actions and dialogs on the cards they received), the fake Bot Connector and fake Graph behind it, real
 * PostgreSQL. With `graph` (the default) the tenant has granted Triad the Graph permissions: Triad creates the
 * group chats and changes their members itself, as on Slack. Without it, after each step the driver does what
 * people are asked to do there — the client starts the sponsor or coaching group chat and adds Triad, and adds or
 * removes the coach when Triad asks — and what that plumbing itself causes is left out of the step's outcome.
 */
export async function startTeams(
  clock: ReturnType<typeof manualClock>,
  options: { graph?: boolean } = {},
): Promise<Driver> {
  const h = await startTeamsHarness(clock);
  if (options.graph ?? true) h.teams.graph.grant(TENANT_ID, GRAPH_PERMISSIONS);
  const people = h.people as unknown as Record<Role, Person>;
  for (const role of roles) {
    if (people[role]) continue;
    const email = `${role}@contoso.example`;
    people[role] = {
      key: role,
      timezone: 'Europe/London',
      user: h.teams.fake.addUser({ name: displayNames[role], email, userPrincipalName: email } as never),
    };
  }
  const idOf = Object.fromEntries(roles.map((r) => [r, people[r].user.id])) as Record<Role, string>;
  const roleOf = (id: string) => roles.find((r) => idOf[r] === id) ?? id;
  const ownOutbox = new Set<string>();
  /** Membership changes the client has made in a group chat, as Triad asked. */
  const handled = new Set<string>();
  /** Where each person last pressed something: a dialog it opened stays open over that conversation. */
  const lastPressed = new Map<Role, FakeConversation>();
  /** The group chats the client made for each space of the engagement. */
  const chats = new Map<string, FakeConversation>();

  /** The person's conversations with Triad, newest first: their 1:1 chat, then the group chats they are in. */
  const conversationsOf = (who: Role): FakeConversation[] => [
    ...(lastPressed.get(who) ? [lastPressed.get(who) as FakeConversation] : []),
    h.chatOf(people[who]),
    ...[...h.teams.fake.conversations.values()]
      .filter((c) => c.conversationType === 'groupChat' && c.memberIds.includes(idOf[who]))
      .reverse(),
  ];

  const find = (who: Role, actionId: string, id: string | undefined) => {
    for (const conversation of conversationsOf(who)) {
      try {
        const action = findAction(
          h,
          conversation,
          actionId,
          (data) => !id || JSON.stringify(data).includes(id),
        );
        return { conversation, action };
      } catch {}
    }
    return undefined;
  };

  /** What an invoke's HTTP answer showed the person: a refreshed card, a message, or a dialog. */
  const shownInBody = (who: Role, result: PostResult): Shown[] => {
    if (!result.body) return [];
    const body = JSON.parse(result.body) as Json;
    if (body.type === 'application/vnd.microsoft.card.adaptive')
      return [{ to: who, text: String((body.value as Json).fallbackText ?? '') }];
    if (body.type === 'application/vnd.microsoft.activity.message')
      return [{ to: who, text: String(body.value) }];
    const task = body.task as { type?: string; value?: unknown } | undefined;
    if (task?.type === 'message') return [{ to: who, text: String(task.value) }];
    const dialog = dialogCardOf(body);
    if (dialog) {
      const title = String(dialog.fallbackText ?? (task?.value as Json | undefined)?.title ?? '');
      const isForm = actionsIn(dialog).some((d) => d.actionId === 'form.submit');
      return [{ to: who, ...(isForm ? { form: true } : {}), text: title }];
    }
    return [];
  };

  async function act(step: Step): Promise<Shown[]> {
    switch (step.kind) {
      case 'command':
      case 'dm':
        await h.say(people[step.who], step.text);
        return [];
      case 'press': {
        const id = await targetId(driver, step.target);
        const found = find(step.who, step.actionId, id);
        if (!found) return [{ to: step.who, text: `(no ${step.actionId} control to press)` }];
        lastPressed.set(step.who, found.conversation);
        const at = step.at
          ? localTime(clock.now(), step.at.days, step.at.hour, people[step.who].timezone)
          : undefined;
        const clicked = await click(h, people[step.who], found.conversation, found.action, {
          ...(at ? { at } : {}),
          drain: false,
        });
        return shownInBody(step.who, { status: clicked.status, body: clicked.text } as PostResult);
      }
      case 'submit': {
        const found = find(step.who, 'form.submit', undefined);
        if (!found) return [{ to: step.who, text: '(no open form to submit)' }];
        const clicked = await click(h, people[step.who], found.conversation, found.action as FoundAction, {
          inputs: step.values,
          drain: false,
        });
        return shownInBody(step.who, { status: clicked.status, body: clicked.text } as PostResult);
      }
      case 'advance':
        clock.advance(step.days * DAY);
        return [];
      case 'prompt':
        for (const engagement of await h.uow.read.engagements.listActive())
          await issueReflectionPrompt({ engagementId: engagement.id, dueAt: clock.now() }, h.core);
        return [];
    }
  }

  /**
   * What the client does when Triad asks on Teams: makes the group chat a space needs (with exactly its members)
   * and adds or removes the coach in the sponsor chat. The outbox entries this causes are the driver's own.
   */
  async function plumb(membershipFrom: Set<string>): Promise<void> {
    const known = (await h.uow.read.engagements.listActive()).map((e) => e.id);
    const before = new Set((await outboxOf(driver, known)).map((e) => e.id));
    for (const engagement of await h.uow.read.engagements.listActive()) {
      const person = async (id: string | null) =>
        id ? people[roleOf((await h.uow.read.people.get(id))?.platformUserId ?? '') as Role] : undefined;
      const client = (await person(engagement.clientId)) as Person;
      const sponsor = (await person(engagement.sponsorId)) as Person;
      const coach = await person(engagement.coachId);
      const wanted: Array<['sponsor' | 'coaching', Person[]]> = [['sponsor', [client, sponsor]]];
      if (coach) wanted.push(['coaching', [client, coach]]);
      for (const [kind, members] of wanted) {
        const space = await h.uow.read.spaces.find(engagement.id, kind);
        const made = (space?.address as { conversationId?: string } | null | undefined)?.conversationId;
        const madeChat = made ? h.teams.fake.conversations.get(made) : undefined;
        // A chat Triad made through Graph is the space's chat as much as one the client made.
        // (Keyed by the chat too: a reassignment's fresh coaching chat does not hide the previous one.)
        if (madeChat) chats.set(`${engagement.id}:${kind}:${madeChat.id}`, madeChat);
        if (!space || space.address) continue;
        chats.set(`${engagement.id}:${kind}`, await groupChatWith(h, client, members));
        await h.drain();
      }
      for (const entry of await h.uow.read.outbox.listByEngagement(engagement.id)) {
        if (membershipFrom.has(entry.id) || handled.has(entry.id)) continue;
        const payload = payloadOf(driver, entry);
        if (payload.type !== 'membership') continue;
        const chat = chats.get(`${engagement.id}:${payload.space}`);
        const member = await person(payload.personId);
        if (!chat || !member) continue;
        handled.add(entry.id);
        if (chat.memberIds.includes(member.user.id) === (payload.change === 'add')) continue;
        await changeMembers(
          h,
          chat,
          client,
          payload.change === 'add' ? { add: [member] } : { remove: [member] },
        );
        await h.drain();
      }
    }
    for (const entry of await outboxOf(driver, known)) if (!before.has(entry.id)) ownOutbox.add(entry.id);
  }

  const driver: Driver = {
    platform: 'teams',
    uow: h.uow,
    cipher: h.core.cipher,
    idOf,
    ownOutbox,
    platformNotes: [
      // Teams cannot create group chats: Triad asks the client to start the sponsor and coaching chats.
      /client_dm space \[jane\]: "set up your (sponsor|coaching) chat in teams"/,
      // Without the Graph permissions, HR is told once what the admin can grant so nobody makes the chats by hand.
      /hr message to hr \[hr\]: "triad can create the teams group chats itself once your admin allows it"/,
      // Teams cannot open a form over a group chat: the form goes to the 1:1 chat, and the person is told.
      /says ".*: the form is in your 1:1 chat with triad\."/,
      // A form opened from a button in the 1:1 chat comes as a card below it, and the button's toast says so.
      /says ".*: the form is below\."/,
    ],
    postedTo(entry) {
      const conversationId = entry.platformMessageId?.split('|')[0];
      const conversation = conversationId ? h.teams.fake.conversations.get(conversationId) : undefined;
      if (!conversation) return undefined;
      const space = [...chats].find(([, chat]) => chat.id === conversation.id)?.[0].split(':')[1];
      const where =
        conversation.conversationType === 'personal' ? 'dm' : (space ?? conversation.conversationType);
      return { where, readers: conversation.memberIds.map(roleOf) };
    },
    async perform(step) {
      const known = (await h.uow.read.engagements.listActive()).map((e) => e.id);
      const outboxBefore = new Set((await outboxOf(driver, known)).map((e) => e.id));
      const activities = h.teams.fake.activities.length;
      const shown = await act(step);
      // Activities Triad sent while answering the request (not deliveries): what the person was shown.
      for (const recorded of h.teams.fake.activities.slice(activities)) {
        const activity = recorded.activity as Json | undefined;
        if (!activity || recorded.operation === 'deleteActivity') continue;
        const conversation = h.teams.fake.conversations.get(recorded.conversationId);
        const card = ((activity.attachments as { content?: Json }[] | undefined) ?? [])[0]?.content;
        const isForm = card ? actionsIn(card).some((d) => d.actionId === 'form.submit') : false;
        for (const member of conversation?.memberIds ?? [])
          shown.push({
            to: roleOf(member),
            ...(isForm ? { form: true } : {}),
            text: String(activity.summary ?? activity.text ?? ''),
          });
      }
      await h.drain();
      await plumb(outboxBefore);
      return shown;
    },
    close: () => h.close(),
  };
  return driver;
}
