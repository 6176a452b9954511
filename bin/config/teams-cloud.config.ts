import { z } from 'zod';
import { GLOBAL_SERVICE_URLS, isLoopbackHttp, TEAMS_CLOUDS } from '../../adapters/teams/cloud-names.js';
import { optionalString } from './env.js';

/** An endpoint Triad trusts or sends the bot's token to: https, or plain http only on loopback (a local stand-in). */
const endpointUrl = (example: string) =>
  optionalString.pipe(
    z
      .string()
      .refine((value) => {
        try {
          return new URL(value).protocol === 'https:' || isLoopbackHttp(value);
        } catch {
          return false;
        }
      }, `must be an https URL like ${example} (plain http only on 127.0.0.1, [::1] or localhost)`)
      .optional(),
  );

/**
 * Which Microsoft cloud the Teams side talks to, and single endpoints to override (a sovereign cloud's own value, or
 * local stand-ins: a test OpenID/JWKS server, an Entra ID token endpoint, a Bot Connector, Graph).
 */
export const teamsCloudShape = {
  TEAMS_CLOUD: z
    .enum(TEAMS_CLOUDS, {
      message: `must be one of ${TEAMS_CLOUDS.join(', ')} (the clouds botbuilder has built-in endpoints for); for another cloud set TEAMS_OPENID_METADATA_URL, TEAMS_TOKEN_ISSUER, TEAMS_LOGIN_URL, TEAMS_OAUTH_SCOPE and TEAMS_SERVICE_URL`,
    })
    .default('public'),
  /** Where the channel's signing keys are published (botbuilder's ToBotFromChannelOpenIdMetadataUrl). */
  TEAMS_OPENID_METADATA_URL: endpointUrl('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  /** The `iss` of tokens the channel sends to Triad (ToBotFromChannelTokenIssuer). */
  TEAMS_TOKEN_ISSUER: endpointUrl('https://api.botframework.com'),
  /** Entra ID authority Triad gets its own tokens from (ToChannelFromBotLoginUrl). */
  TEAMS_LOGIN_URL: endpointUrl('https://login.microsoftonline.com/botframework.com'),
  /** Audience of Triad's own tokens to the channel (ToChannelFromBotOAuthScope). */
  TEAMS_OAUTH_SCOPE: endpointUrl('https://api.botframework.com'),
  /** The Bot Connector used to open a 1:1 chat before Teams told Triad a regional one. */
  TEAMS_SERVICE_URL: endpointUrl('https://smba.trafficmanager.net/teams/'),
  /** Microsoft Graph base URL for the cloud. */
  GRAPH_BASE_URL: endpointUrl('https://graph.microsoft.com'),
};

const teamsCloudSchema = z.object(teamsCloudShape);
type TeamsCloudConfig = z.output<typeof teamsCloudSchema>;

/** A Teams app in a cloud without a global Bot Connector preset must name one. */
export function refineTeamsCloud(
  env: TeamsCloudConfig & { TEAMS_APP_ID?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.TEAMS_APP_ID && !(env.TEAMS_SERVICE_URL ?? GLOBAL_SERVICE_URLS[env.TEAMS_CLOUD])) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEAMS_SERVICE_URL'],
      message: `is required for TEAMS_CLOUD=${env.TEAMS_CLOUD}: the Bot Connector of your Teams environment, e.g. https://smba.infra.gcc.teams.microsoft.com/teams for GCC`,
    });
  }
}
