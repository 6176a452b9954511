import { z } from 'zod';
import type { Gated } from '../../confidentiality/outbound-gate.js';
import { words } from '../../confidentiality/words.js';
import { isLive } from '../../engagement/lifecycle.js';
import type { Engagement, Person } from '../../engagement/records.js';
import { command, phrase, phraseParts } from '../../messages/command-hint.js';
import { hrDigestMessage } from '../../messages/compose/hr-digest.js';
import { settingsMessage } from '../../messages/compose/organisation-settings.js';
import type { OutboundMessage } from '../../messages/message.js';
import { inTransaction } from '../../outbox/unit.js';
import { actorSchema, type ResolvedActor, resolveActor } from '../actor.js';
import type { CoreDeps } from '../deps.js';
import { collectHrDigest } from '../hr/hr-digest.js';
import { currentSettings } from '../settings/organisation-settings.js';
import { clientSection, coachSection, type HomeContext, hrSection, sponsorSection } from './home-sections.js';

export const composeHomeInput = z.object({ actor: actorSchema });
export type ComposeHomeInput = z.infer<typeof composeHomeInput>;

/** HR's list on the home tab stops here; HR's list command shows more. */
export const HOME_HR_ENGAGEMENTS = 20;

/**
 * The App Home of one person: a section per engagement they are in, each composed for the role they have
 * there and gated on its own — the client's own view (private), what a coach's client shared with them
 * (private, client and coach), what a sponsor may see (shared) and HR's metadata (admin) with HR's weekly digest
 * of what needs them. Nothing is stored.
 */
export async function composeHome(raw: ComposeHomeInput, deps: CoreDeps) {
  const input = composeHomeInput.parse(raw);
  return inTransaction(deps, async (unit) => {
    const { repos } = unit;
    const resolved = await resolveActor(repos, deps, input.actor);
    const viewer = resolved.person;
    const sections: Gated<OutboundMessage>[] = [];
    if (!viewer) {
      if (resolved.isHrAdmin) {
        sections.push(await unit.reply(welcome('hr')));
        sections.push(await unit.reply(settingsSection(resolved, deps, input.actor.platformUserId)));
      } else sections.push(await unit.reply(welcome('nobody')));
      return { sections };
    }
    const ctx: HomeContext = { repos, cipher: deps.cipher, now: deps.clock.now(), viewer };
    const engagements = (await repos.engagements.listForPerson(viewer.id))
      .filter((e) => isLive(e.stage))
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    const people = await peopleOf(repos, engagements);
    for (const engagement of engagements) {
      if (engagement.clientId === viewer.id) {
        sections.push(await unit.reply(await clientSection(ctx, engagement, people)));
      } else if (engagement.coachId === viewer.id) {
        sections.push(await unit.reply(await coachSection(ctx, engagement, people)));
      } else if (engagement.sponsorId === viewer.id) {
        sections.push(await unit.reply(await sponsorSection(ctx, engagement, people)));
      }
    }
    if (resolved.isHrAdmin) {
      const run = (await repos.engagements.listByOrganisation(viewer.organisationId))
        .filter((e) => e.startedById === viewer.id && isLive(e.stage))
        .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
        .slice(0, HOME_HR_ENGAGEMENTS);
      const hrPeople = await peopleOf(repos, run);
      sections.push(await unit.reply(await hrSection(ctx, run, hrPeople)));
      sections.push(
        await unit.reply(
          hrDigestMessage({
            destination: { kind: 'reply', audience: 'admin', personId: viewer.id },
            entries: await collectHrDigest(repos, viewer.organisationId, ctx.now),
            weekday: resolved.organisation.hrDigestWeekday,
            onHome: true,
          }),
        ),
      );
      sections.push(await unit.reply(settingsSection(resolved, deps, viewer.id)));
    }
    if (sections.length === 0) sections.push(await unit.reply(welcome('nobody', viewer)));
    return { sections };
  });
}

async function peopleOf(
  repos: HomeContext['repos'],
  engagements: Engagement[],
): Promise<Map<string, Person>> {
  const ids = new Set<string>();
  for (const e of engagements) {
    ids.add(e.clientId);
    ids.add(e.sponsorId);
    if (e.coachId) ids.add(e.coachId);
  }
  const people = await repos.people.getMany([...ids]);
  return new Map(people.map((p) => [p.id, p]));
}

/** HR's organisation settings on their home, with the button that opens the settings form. */
const settingsSection = (resolved: ResolvedActor, deps: CoreDeps, personId: string) =>
  settingsMessage({ personId, ...currentSettings(resolved.organisation, deps.settings) });

/** The home of someone Triad has nothing to show yet. */
function welcome(kind: 'hr' | 'nobody', viewer?: Person): OutboundMessage<'admin'> {
  const text =
    kind === 'hr'
      ? phrase`You are an HR programme owner. Start an engagement with ${command('start')}, or type ${command('help')}.`
      : 'Triad runs confidential coaching engagements. When HR starts one with you in it, it appears here.';
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId: viewer?.id ?? '' },
    summary: words('Triad'),
    blocks: [
      { type: 'header', text: words('Triad') },
      { type: 'section', text: phraseParts(text) },
    ],
  };
}
