import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/render/blocks.js';
import { controlValue } from '../../adapters/slack/render/controls.js';
import { readCardAction } from '../../adapters/teams/render/card-data.js';
import { renderMessageCard } from '../../adapters/teams/render/message-card.js';
import { type GateDeps, type Gated, passOutboundGate } from '../../src/confidentiality/outbound-gate.js';
import { coachChoice as coachChoiceValue } from '../../src/controls/control-values.js';
import { isActionId, needsPickedTime } from '../../src/controls/controls.js';
import type { Engagement, Meeting, Person } from '../../src/engagement/records.js';
import { chemistryScheduled, choiceBlocks } from '../../src/messages/compose/chemistry-messages.js';
import { coachChoice } from '../../src/messages/compose/matching-choice.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import { cardProblems } from './teams/support/validate-card.js';

const ENGAGEMENT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const CLIENT = '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
const KIM = '1c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
const LEE = '2c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
const CALL = '3c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
const OUTBOX = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const at = new Date('2026-11-26T10:00:00Z');

const person = (id: string, displayName: string, timeZone: string) =>
  ({ id, displayName, timeZone, platformUserId: `U-${displayName}` }) as Person;
const [jane, kim, lee] = [
  person(CLIENT, 'Jane', 'Europe/London'),
  person(KIM, 'Kim', 'Asia/Tokyo'),
  person(LEE, 'Lee', 'Europe/Berlin'),
];
const engagement = { id: ENGAGEMENT, coachShortlist: [KIM, LEE], coachId: null } as unknown as Engagement;
const call: Meeting = {
  id: CALL,
  engagementId: ENGAGEMENT,
  kind: 'chemistry',
  status: 'scheduled',
  startsAt: at,
  durationMinutes: 20,
  organiserId: CLIENT,
  organiserZone: 'Europe/London',
  threadAddress: null,
  videoUrl: null,
  coachId: KIM,
  heldAt: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
};

const gate: GateDeps = {
  lookups: { release: async () => undefined, spaceReaders: async () => [CLIENT], hashMatches: () => false },
  audit: async () => {},
  logger: { child: () => gate.logger, debug() {}, info() {}, warn() {}, error() {} } as never,
  auditAllowed: false,
};

const [forClient, forCoach] = chemistryScheduled(
  call,
  { client: jane, coach: kim },
  'Jane',
  'booked',
  undefined,
  choiceBlocks(engagement, [kim, lee], [call]),
);
const messages: [string, OutboundMessage][] = [
  ['the coach choice', coachChoice(engagement, [kim, lee], { chemistryCalls: true })],
  ['the client’s booked call', forClient],
  ['the coach’s booked call', forCoach],
];

/** Every control id and value a message carries, as the control table sees them. */
const controlsOf = (message: OutboundMessage) =>
  message.blocks.flatMap((b) =>
    b.type === 'actions'
      ? b.elements.map((c) => ({ type: c.type, id: c.actionId, value: 'value' in c ? String(c.value) : '' }))
      : [],
  );

describe('intro-call controls through the control table', () => {
  it.each(messages)('%s carries only ids of the table, pickers where a time is needed', (_, message) => {
    for (const control of controlsOf(message)) {
      expect(isActionId(control.id)).toBe(true);
      expect(needsPickedTime(control.id)).toBe(control.type === 'datetime');
    }
    const book = controlsOf(message).filter((c) => c.id === 'chemistry.book');
    for (const c of book) expect(coachChoiceValue.safeParse(c.value).success).toBe(true);
  });

  it('the client’s call offers the choice again, and a picker only for coaches without a call', () => {
    const ids = controlsOf(forClient).map((c) => `${c.id} ${c.value}`);
    expect(ids).toEqual([
      `chemistry.move ${CALL}`,
      `chemistry.cancel ${CALL}`,
      `chemistry.held ${CALL}`,
      `coach.select ${ENGAGEMENT}:${KIM}`,
      `coach.select ${ENGAGEMENT}:${LEE}`,
      `chemistry.book ${ENGAGEMENT}:${LEE}`,
    ]);
    expect(controlsOf(forCoach).map((c) => c.id)).toEqual([
      'chemistry.move',
      'chemistry.cancel',
      'chemistry.held',
    ]);
  });
});

describe('intro-call messages on Slack', () => {
  it.each(messages)('%s renders each control with its id, and its value reads back', async (_, message) => {
    const rendered = renderMessage(message as Gated<OutboundMessage>);
    const elements = (rendered.blocks as { type: string; block_id?: string; elements?: unknown[] }[]).flatMap(
      (b) =>
        b.type === 'actions'
          ? (b.elements as { type: string; action_id: string; value?: string }[]).map((e) => ({
              ...e,
              block_id: b.block_id,
            }))
          : [],
    );
    // Slack puts date pickers in blocks of their own, after the buttons: compare as sets.
    const pairs = (list: { id: string; value: string | undefined }[]) =>
      list.map((p) => `${p.id} ${p.value}`).sort();
    expect(pairs(elements.map((e) => ({ id: e.action_id, value: controlValue(e) })))).toEqual(
      pairs(controlsOf(message)),
    );
    expect(elements.filter((e) => e.type === 'datetimepicker').map((e) => e.action_id)).toEqual(
      controlsOf(message)
        .filter((c) => c.type === 'datetime')
        .map((c) => c.id),
    );
  });

  it('writes each person’s time in their own zone', () => {
    expect(JSON.stringify(renderMessage(forClient as Gated<OutboundMessage>))).toContain('10:00');
    expect(JSON.stringify(renderMessage(forCoach as Gated<OutboundMessage>))).toContain('19:00');
  });
});

describe('intro-call messages on Teams', () => {
  it.each(messages)('%s renders as a valid card whose actions read back to the table', async (_, message) => {
    const card = renderMessageCard(await passOutboundGate(message, gate), { outboxId: OUTBOX });
    expect(cardProblems(card)).toEqual([]);
    const data: Record<string, unknown>[] = [];
    JSON.stringify(card, (_key, value) => {
      if (value && typeof value === 'object' && 'data' in value && String(value.type).startsWith('Action.')) {
        data.push(value.data);
      }
      return value;
    });
    const read = data.map((d) => readCardAction(d));
    expect(read.every((r) => r.ok)).toBe(true);
    expect(read.map((r) => (r.ok && 'actionId' in r.action ? r.action.actionId : ''))).toEqual(
      expect.arrayContaining([...new Set(controlsOf(message).map((c) => c.id))]),
    );
  });
});
