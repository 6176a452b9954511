import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { notePresence } from '../../../../src/use-cases/presence/note-presence.js';
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

/** The workspace the event was authorized for, and when Slack says it happened (the envelope's event time). */
function origin(body: unknown, teamId: string | undefined, eventTs: string | undefined, now: Date) {
  const envelope = body as { team_id?: unknown; event_time?: unknown };
  const tenantId = teamId ?? (typeof envelope.team_id === 'string' ? envelope.team_id : undefined);
  const secondsAt = Number(eventTs) || (typeof envelope.event_time === 'number' ? envelope.event_time : 0);
  return { tenantId, seenAt: secondsAt > 0 ? new Date(secondsAt * 1000) : now };
}

/** A client's status changed: kept as away or not (with its expiry) when they are someone Triad prompts. */
export function userStatusChanged(
  deps: SlackDeps,
): Middleware<SlackEventMiddlewareArgs<'user_status_changed'>> {
  return async ({ event, body, context }) => {
    const parsed = statusEvent.safeParse(event);
    if (!parsed.success) return;
    const { tenantId, seenAt } = origin(body, context.teamId, parsed.data.event_ts, deps.core.clock.now());
    if (!tenantId) return;
    const { stored } = await notePresence(
      {
        platform: 'slack',
        tenantId,
        platformUserId: parsed.data.user.id,
        seenAt,
        status: statusFactsOf(parsed.data.user.profile),
      },
      deps.core,
    );
    if (stored) deps.logger.debug({ part: 'status' }, 'Slack presence kept');
  };
}

/** A client's Do Not Disturb changed: kept when they are someone Triad prompts. */
export function dndUpdatedUser(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'dnd_updated_user'>> {
  return async ({ event, body, context }) => {
    const parsed = dndEvent.safeParse(event);
    if (!parsed.success) return;
    const { tenantId, seenAt } = origin(body, context.teamId, parsed.data.event_ts, deps.core.clock.now());
    if (!tenantId) return;
    const { stored } = await notePresence(
      {
        platform: 'slack',
        tenantId,
        platformUserId: parsed.data.user,
        seenAt,
        dnd: dndFactsOf(parsed.data.dnd_status),
      },
      deps.core,
    );
    if (stored) deps.logger.debug({ part: 'dnd' }, 'Slack presence kept');
  };
}
