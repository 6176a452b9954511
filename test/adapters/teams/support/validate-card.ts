import { createRequire } from 'node:module';

type AdaptiveCardsLib = typeof import('adaptivecards');

// The package's ESM build imports files without extensions, which Node cannot resolve; its UMD bundle loads fine.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsLib;

const PEOPLE_PICKER = 'graph.microsoft.com/users';
/** Teams refuses messages over about 28 KB. */
const MAX_CARD_BYTES = 28_000;

type Json = Record<string, unknown>;

/**
 * Teams' people picker (`Input.ChoiceSet` whose `choices.data` queries graph.microsoft.com/users, with no static
 * choices) is a Teams host feature that the adaptivecards library only knows from schema 1.6, where it also
 * wants a static choice. It is checked here for its exact shape and then validated as a plain choice set.
 */
function withoutPeoplePickers(value: unknown, problems: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutPeoplePickers(item, problems));
  if (!value || typeof value !== 'object') return value;
  const object = value as Json;
  const data = object['choices.data'] as Json | undefined;
  if (object.type === 'Input.ChoiceSet' && data) {
    if (data.type !== 'Data.Query' || data.dataset !== PEOPLE_PICKER) problems.push('unknown choices.data');
    if (!Array.isArray(object.choices) || object.choices.length > 0)
      problems.push('people picker with choices');
    const { 'choices.data': _data, ...rest } = object;
    return { ...rest, choices: [{ title: 'someone', value: 'someone' }] };
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, withoutPeoplePickers(v, problems)]));
}

/**
 * Teams' mentions (`msteams.entities` on the card) are a Teams host extension the adaptivecards library does not
 * keep: each is checked here for its shape, and that its `<at>` text is in a TextBlock of the card, then removed.
 */
function withoutMentions(card: Json, problems: string[]): Json {
  const { msteams, ...rest } = card;
  if (msteams === undefined) return card;
  const entities = (msteams as { entities?: unknown }).entities;
  if (!Array.isArray(entities) || entities.length === 0) problems.push('msteams without mention entities');
  const texts = JSON.stringify(card.body ?? []);
  for (const entity of (entities ?? []) as Json[]) {
    const mentioned = entity.mentioned as Json | undefined;
    const text = typeof entity.text === 'string' ? entity.text : '';
    if (entity.type !== 'mention' || !/^<at>[^<>]+<\/at>$/.test(text)) problems.push('malformed mention');
    if (typeof mentioned?.id !== 'string' || typeof mentioned.name !== 'string')
      problems.push('mention without id');
    if (!texts.includes(JSON.stringify(text).slice(1, -1))) problems.push('mention text not in the card');
  }
  return rest;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Json)
      .sort()
      .map((key) => [key, sorted((value as Json)[key])]),
  );
}

/**
 * Everything the adaptivecards library finds wrong with a card, for schema 1.5: parse warnings (unknown
 * elements or actions), validation events (duplicate input ids, required inputs without label or error message,
 * empty choice sets …) and every property the library drops when it reads the card (a property the schema does
 * not have, or a value it does not accept). An empty list means the card is valid.
 */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = card as Json;
  if (json.type !== 'AdaptiveCard') problems.push('not an AdaptiveCard');
  if (json.version !== '1.5') problems.push(`version ${String(json.version)} (want 1.5)`);
  if (JSON.stringify(card).length > MAX_CARD_BYTES) problems.push('card over 28 KB');
  const checked = withoutPeoplePickers(withoutMentions(json, problems), problems) as Json;
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(checked, context);
  for (let i = 0; i < context.eventCount; i += 1) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents)
    problems.push(`validate: ${event.message}`);
  const roundTrip = parsed.toJSON(new AC.SerializationContext(AC.Versions.v1_5));
  const before = JSON.stringify(sorted(checked), null, 1);
  const after = JSON.stringify(sorted(roundTrip), null, 1);
  if (before !== after) problems.push(`properties the library does not keep:\n${diff(before, after)}`);
  return problems;
}

function diff(before: string, after: string): string {
  const kept = new Set(after.split('\n'));
  return before
    .split('\n')
    .filter((line) => !kept.has(line))
    .slice(0, 12)
    .join('\n');
}

/** The Adaptive Cards in an activity's attachments. */
export function cardsOf(activity: { attachments?: unknown } | undefined): Json[] {
  const attachments = (activity?.attachments ?? []) as { contentType?: string; content?: Json }[];
  return attachments
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content as Json);
}
