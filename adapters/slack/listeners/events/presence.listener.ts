import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { type NotePresenceInput, notePresence } from '../../../../src/use-cases/presence/note-presence.js';
import type { SlackDeps } from '../../slack-deps.js';
import { dndFactsOf, statusFactsOf } from '../../slack-presence.js';

const seconds = z.number().int().nonnegative().optional();

/** `user_status_changed`: only what the status means (away, expiry) is read; its text goes no further. */
const statusEvent = z.object({
  user: z.object({
    id: z.string().min(1).max(255),
    profile: z.object({
      status_text: z.string().max(1000).optional(),
      status_emoji: z.string().max(255).optional(),
      status_expiration: seconds,
    }),
  }),
  event_ts: z.string().max(64).optional(),
});

/** `dnd_updated_user`: the member's Do Not Disturb and its next window. */
const dndEvent = z.object({
  user: z.string().min(1).max(255),
  dnd_status: z.object({
    dnd_enabled: z.boolean(),
    next_dnd_start_ts: seconds,
    next_dnd_end_ts: seconds,
  }),
  event_ts: z.string().max(64).optional(),
});

/** What one event says of one member: their status or their Do Not Disturb. */
type PresenceFacts = Pick<NotePresenceInput, 'status'> | Pick<NotePresenceInput, 'dnd'>;

/**
 * Hands one event's facts to the core, for the workspace the event was authorized for and at the time Slack says
 * it happened (the event's own time, else the envelope's).
 */
async function keepPresence(
  deps: SlackDeps,
  envelope: { body: unknown; teamId: string | undefined; eventTs: string | undefined },
  platformUserId: string,
  facts: PresenceFacts,
): Promise<void> {
  const body = envelope.body as { team_id?: unknown; event_time?: unknown };
  const tenantId = envelope.teamId ?? (typeof body.team_id === 'string' ? body.team_id : undefined);
  if (!tenantId) return;
  const secondsAt = Number(envelope.eventTs) || (typeof body.event_time === 'number' ? body.event_time : 0);
  const seenAt = secondsAt > 0 ? new Date(secondsAt * 1000) : deps.core.clock.now();
  const { stored } = await notePresence(
    { platform: 'slack', tenantId, platformUserId, seenAt, ...facts },
    deps.core,
  );
  if (stored) deps.logger.debug({ part: 'status' in facts ? 'status' : 'dnd' }, 'Slack presence kept');
}

/** A client's status changed: kept as away or not (with its expiry) when they are someone Triad prompts. */
export function userStatusChanged(
  deps: SlackDeps,
): Middleware<SlackEventMiddlewareArgs<'user_status_changed'>> {
  return async ({ event, body, context }) => {
    const parsed = statusEvent.safeParse(event);
    if (!parsed.success) return;
    await keepPresence(
      deps,
      { body, teamId: context.teamId, eventTs: parsed.data.event_ts },
      parsed.data.user.id,
      { status: statusFactsOf(parsed.data.user.profile) },
    );
  };
}

/** A client's Do Not Disturb changed: kept when they are someone Triad prompts. */
export function dndUpdatedUser(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'dnd_updated_user'>> {
  return async ({ event, body, context }) => {
    const parsed = dndEvent.safeParse(event);
    if (!parsed.success) return;
    await keepPresence(
      deps,
      { body, teamId: context.teamId, eventTs: parsed.data.event_ts },
      parsed.data.user,
      { dnd: dndFactsOf(parsed.data.dnd_status) },
    );
  };
}
