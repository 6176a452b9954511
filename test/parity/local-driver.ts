import { DateTime } from 'luxon';
import { createLocalPlatform } from '../../adapters/local/local-platform.js';
import { createLocalSession, type LineOutcome } from '../../adapters/local/local-session.js';
import { deliverOutboxEntry } from '../../src/outbox/deliver-outbox-entry.js';
import { issueReflectionPrompt } from '../../src/use-cases/reflections/issue-reflection-prompt.js';
import { createTestCore, type manualClock } from '../support/core-deps.js';
import { type Driver, type Shown, targetId } from './observe.js';
import { displayNames, type Role, roles } from './script.js';

const DAY = 86_400_000;
const ZONE = 'Europe/London';

/**
 * The local platform (the demo's): people type lines into a session — `/coaching …`, `press 3 <time>`,
 * `submit a | b`, plain messages — on the core with the in-memory store; deliveries happen as they are written.
 */
export async function startLocal(clock: ReturnType<typeof manualClock>): Promise<Driver> {
  const idOf = Object.fromEntries(roles.map((r) => [r, `U${r.toUpperCase()}`])) as Record<Role, string>;
  const platform = createLocalPlatform();
  for (const role of roles) {
    platform.addPerson({
      platformUserId: idOf[role],
      displayName: displayNames[role],
      timeZone: ZONE,
      isBot: false,
      deleted: false,
    });
  }
  const core = createTestCore({ settings: { hrAdmins: [idOf.hr] } });
  const deps = { ...core, clock, directory: platform.directory };
  deps.scheduler = {
    ...core.scheduler,
    deliver: async (outboxIds) => {
      for (const outboxId of outboxIds)
        await deliverOutboxEntry({ outboxId }, { ...deps, messengers: { local: platform.messenger } });
    },
  };
  const session = createLocalSession({
    platform,
    deps,
    tenantId: 'T1',
    resolveMention: (name) => idOf[name as Role] ?? (Object.values(idOf).includes(name) ? name : undefined),
  });

  const shownOf = (outcome: LineOutcome): Shown[] =>
    outcome.shown.map((line) => ({
      to: roles.find((r) => idOf[r] === line.userId) ?? line.userId,
      ...(line.form ? { form: true } : {}),
      text: line.summary,
    }));

  const driver: Driver = {
    platform: 'local',
    uow: deps.uow,
    cipher: deps.cipher,
    idOf,
    ownOutbox: new Set(),
    postedTo(entry) {
      const lines = platform.seen.filter((line) => line.outboxId === entry.id);
      const kind = lines[0]?.conversationKind;
      if (!kind) return undefined;
      const readers = [
        ...new Set(lines.map((line) => roles.find((r) => idOf[r] === line.userId) ?? line.userId)),
      ];
      return { where: kind === 'client_dm' ? 'dm' : kind, readers };
    },
    async perform(step) {
      switch (step.kind) {
        case 'command':
          return shownOf(await session.run(idOf[step.who], `/coaching ${step.text}`));
        case 'dm':
          return shownOf(await session.run(idOf[step.who], step.text));
        case 'press': {
          const id = await targetId(driver, step.target);
          const control = platform
            .seenBy(idOf[step.who])
            .flatMap((line) => line.controls)
            .filter(
              (c) => c.control.actionId === step.actionId && (!id || JSON.stringify(c.control).includes(id)),
            )
            .at(-1);
          if (!control) return [{ to: step.who, text: `(no ${step.actionId} control to press)` }];
          const at = step.at
            ? ` ${DateTime.fromJSDate(clock.now(), { zone: ZONE })
                .plus({ days: step.at.days })
                .set({ hour: step.at.hour, minute: 0 })
                .toFormat("yyyy-LL-dd'T'HH:mm")}`
            : '';
          return shownOf(await session.run(idOf[step.who], `press ${control.number}${at}`));
        }
        case 'submit': {
          const form = session.openFormOf(idOf[step.who]);
          if (!form) return [{ to: step.who, text: '(no open form to submit)' }];
          const values = form.fields.filter((f) => f.type === 'text').map((f) => step.values[f.id] ?? '');
          return shownOf(await session.run(idOf[step.who], `submit ${values.join(' | ')}`));
        }
        case 'advance':
          clock.advance(step.days * DAY);
          return [];
        case 'prompt':
          for (const engagement of await deps.uow.read.engagements.listActive())
            await issueReflectionPrompt({ engagementId: engagement.id, dueAt: clock.now() }, deps);
          return [];
      }
    },
    close: async () => {},
  };
  return driver;
}
