import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { SlackDeps } from '../../slack-deps.js';

/** Who an `app_uninstalled` / `tokens_revoked` event is about: a workspace, or an org-wide install. */
const envelope = z.object({
  team_id: z.string().max(255).optional(),
  enterprise_id: z.string().max(255).nullish(),
  is_enterprise_install: z.boolean().optional(),
  authorizations: z.array(z.object({ is_enterprise_install: z.boolean().optional() })).optional(),
});

const revokedTokens = z.object({
  tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }),
});

const whoOf = (body: unknown) => {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return undefined;
  const orgWide =
    parsed.data.is_enterprise_install ?? parsed.data.authorizations?.[0]?.is_enterprise_install ?? false;
  return {
    teamId: parsed.data.team_id,
    enterpriseId: parsed.data.enterprise_id ?? undefined,
    isEnterpriseInstall: orgWide,
  };
};

/**
 * `app_uninstalled`: the workspace removed Triad. Its installation is marked (its token is never used again), its
 * deliveries wait, its data stays until retention; a re-install through /slack/install resumes everything.
 */
export function appUninstalled(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'app_uninstalled'>> {
  return async ({ body }) => {
    const who = whoOf(body);
    if (!who || !deps.installations) return;
    const marked = await deps.installations.gone(who, 'uninstalledAt');
    deps.logger.warn({ teamId: who.teamId, enterpriseId: who.enterpriseId, marked }, 'Slack app uninstalled');
  };
}

/** `tokens_revoked`: when the bot token is among them, the installation is marked revoked (same as uninstalled). */
export function tokensRevoked(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'tokens_revoked'>> {
  return async ({ event, body }) => {
    const who = whoOf(body);
    const tokens = revokedTokens.safeParse(event);
    if (!who || !deps.installations || !tokens.success) return;
    if ((tokens.data.tokens.bot ?? []).length === 0) return;
    const marked = await deps.installations.gone(who, 'revokedAt');
    deps.logger.warn(
      { teamId: who.teamId, enterpriseId: who.enterpriseId, marked },
      'Slack bot token revoked',
    );
  };
}
