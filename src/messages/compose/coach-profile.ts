import { logistics } from '../../confidentiality/parts.js';
import { opaque, words } from '../../confidentiality/words.js';
import type { ActionId, FormId } from '../../controls/controls.js';
import { type CoachProfile, profileLimits } from '../../engagement/coach-profile.js';
import type { Person } from '../../engagement/records.js';
import { friendlyZoneName } from '../../engagement/zone-name.js';
import type { Audience, Block, Button, Form, OutboundMessage } from '../message.js';
import { context, header, section } from './text.js';

export const profileActions = {
  edit: 'profile.edit',
  save: 'profile.save',
} as const satisfies { edit: ActionId; save: FormId };

/** "Edit the profile": carries the coach's person id only. */
export const editProfileButton = (coach: Pick<Person, 'id'>, label = 'Edit the profile'): Button => ({
  type: 'button',
  actionId: profileActions.edit,
  label: words(label),
  value: opaque(coach.id),
});

/** The zone a profile shows: its own, or else the coach's zone in Triad. */
export const profileZone = (coach: Pick<Person, 'timeZone'>, profile: CoachProfile | undefined) =>
  profile?.timeZone || coach.timeZone;

/**
 * A coach as a client choosing sees them: name, credentials, bio, focus areas, languages, time zone and the
 * scheduling link; the photo as the section's image (a link where a platform cannot show one). Coach-authored
 * text, shown as logistics (a profile is not coaching content). Without a profile: the name and "no profile yet".
 */
export function coachProfileBlocks(coach: Person, profile: CoachProfile | undefined): Block[] {
  if (!profile) {
    return [section(coach.displayName), context('No profile yet.')];
  }
  const lines = [`${coach.displayName}${profile.credentials ? ` · ${profile.credentials}` : ''}`];
  if (profile.bio) lines.push(profile.bio);
  const facts: string[] = [];
  if (profile.focusAreas.length > 0) facts.push(`Focus: ${profile.focusAreas.join(', ')}`);
  if (profile.languages.length > 0) facts.push(`Languages: ${profile.languages.join(', ')}`);
  facts.push(`Time zone: ${friendlyZoneName(profileZone(coach, profile))}`);
  const links = profile.schedulingUrl ? [`Book a time: ${profile.schedulingUrl}`] : [];
  return [
    {
      type: 'section',
      text: [logistics(lines.join('\n'))],
      ...(profile.photoUrl
        ? { image: { url: words(profile.photoUrl), alt: words(`Photo of ${coach.displayName}`) } }
        : {}),
    },
    context([...facts, ...links].join(' · ')),
  ];
}

/** What the profile command shows HR (and a saved profile shows its editor): the profile and its edit button. */
export function coachProfileReply(
  coach: Person,
  profile: CoachProfile | undefined,
  reader: { personId: string; audience: Audience },
  saved = false,
): OutboundMessage {
  const title = saved ? `${coach.displayName}’s profile is saved` : `${coach.displayName}’s coach profile`;
  return {
    audience: reader.audience,
    destination: { kind: 'reply', audience: reader.audience, personId: reader.personId },
    summary: words(title),
    blocks: [
      header(title),
      ...coachProfileBlocks(coach, profile),
      context('Clients see this when they choose their coach.'),
      {
        type: 'actions',
        elements: [editProfileButton(coach, profile ? 'Edit the profile' : 'Add a profile')],
      },
    ] as OutboundMessage['blocks'],
  };
}

const textField = (
  id: string,
  label: string,
  maxLength: number,
  initial: string,
  hint: string,
  multiline = false,
) => ({
  type: 'text' as const,
  id,
  label: words(label),
  multiline,
  maxLength,
  optional: true,
  hint: words(hint),
  ...(initial ? { initial: logistics(initial) } : {}),
});

/** The profile form: every field optional, pre-filled with the current profile. */
export function coachProfileForm(
  coach: Person,
  profile: CoachProfile | undefined,
  reader: { personId: string; audience: Audience },
): Form {
  const list = (items: readonly string[] | undefined) => (items ?? []).join(', ');
  const listMax = (count: number) => count * (profileLimits.item + 2);
  return {
    audience: reader.audience,
    destination: { kind: 'reply', audience: reader.audience, personId: reader.personId },
    formId: profileActions.save,
    title: words('Coach profile'),
    submitLabel: words('Save the profile'),
    context: { coachId: opaque(coach.id) },
    intro: [
      section(
        `${coach.displayName}’s profile, shown to clients when they choose their coach. Leave a field empty to leave it out.`,
      ),
    ],
    fields: [
      textField('bio', 'Short bio', profileLimits.bio, profile?.bio ?? '', 'A few sentences.', true),
      textField(
        'focusAreas',
        'Focus areas',
        listMax(profileLimits.focusAreas),
        list(profile?.focusAreas),
        `Up to ${profileLimits.focusAreas}, separated by commas.`,
      ),
      textField(
        'languages',
        'Languages',
        listMax(profileLimits.languages),
        list(profile?.languages),
        `Up to ${profileLimits.languages}, separated by commas.`,
      ),
      textField(
        'timeZone',
        'Time zone',
        60,
        profile?.timeZone || coach.timeZone,
        'A zone name such as Europe/London.',
      ),
      textField(
        'credentials',
        'Credentials',
        profileLimits.credentials,
        profile?.credentials ?? '',
        'e.g. ICF PCC, EMCC Senior Practitioner.',
      ),
      textField(
        'photoUrl',
        'Photo link',
        profileLimits.url,
        profile?.photoUrl ?? '',
        'https:// link to an image.',
      ),
      textField(
        'schedulingUrl',
        'Scheduling link',
        profileLimits.url,
        profile?.schedulingUrl ?? '',
        'https:// link where clients book an intro call.',
      ),
    ],
  };
}

/** A coach's `profile` in their DM: the button that opens their profile form (a Slack modal needs a click). */
export function profileFormOpener(personId: string, coachId: string): OutboundMessage<'admin'> {
  return {
    audience: 'admin',
    destination: { kind: 'reply', audience: 'admin', personId },
    summary: words('Your coach profile'),
    blocks: [
      section('Your coach profile is what clients see when they choose their coach.'),
      { type: 'actions', elements: [editProfileButton({ id: coachId }, 'Edit your profile')] },
    ],
  };
}
