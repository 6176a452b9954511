import { CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, GovernmentConstants } from 'botframework-connector';
import { GLOBAL_SERVICE_URLS, type TeamsCloudName } from './cloud-names.js';

/** Every endpoint the Teams side of Triad talks to or trusts, for one cloud. */
export interface TeamsCloudEndpoints {
  /** botbuilder's options: once one endpoint is given, botbuilder treats every endpoint as given. */
  auth: ConfigurationBotFrameworkAuthenticationOptions;
  /**
   * The Bot Connector used to create a 1:1 chat before any activity from the tenant told Triad its regional
   * service URL (stored addresses carry the one Teams gave). Undefined when the cloud has no single global one.
   */
  serviceUrl: string | undefined;
  /** Microsoft Graph for this cloud. */
  graphBaseUrl: string;
}

/** botbuilder's own constants for each cloud, as `BotFrameworkAuthenticationFactory.create` uses them. */
export const TEAMS_CLOUD_PRESETS: Record<TeamsCloudName, TeamsCloudEndpoints> = {
  public: {
    auth: {
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: true,
    },
    serviceUrl: GLOBAL_SERVICE_URLS.public,
    graphBaseUrl: 'https://graph.microsoft.com',
  },
  usgov: {
    auth: {
      ChannelService: GovernmentConstants.ChannelService,
      ToChannelFromBotLoginUrl: GovernmentConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: GovernmentConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: GovernmentConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: GovernmentConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: GovernmentConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: GovernmentConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.USGovChannel,
      ValidateAuthority: true,
    },
    serviceUrl: GLOBAL_SERVICE_URLS.usgov,
    graphBaseUrl: 'https://graph.microsoft.us',
  },
};

/** What the configuration may override on top of a preset. */
export interface TeamsCloudOverrides {
  openIdMetadataUrl?: string | undefined;
  tokenIssuer?: string | undefined;
  loginUrl?: string | undefined;
  oauthScope?: string | undefined;
  serviceUrl?: string | undefined;
  graphBaseUrl?: string | undefined;
}

/** A preset with the operator's overrides on top: each given value wins. */
export function teamsCloudEndpoints(
  cloud: TeamsCloudName,
  overrides: TeamsCloudOverrides,
): TeamsCloudEndpoints {
  const preset = TEAMS_CLOUD_PRESETS[cloud];
  const openId = overrides.openIdMetadataUrl;
  return {
    auth: {
      ...preset.auth,
      ...(openId
        ? { ToBotFromChannelOpenIdMetadataUrl: openId, ToBotFromEmulatorOpenIdMetadataUrl: openId }
        : {}),
      ...(overrides.tokenIssuer ? { ToBotFromChannelTokenIssuer: overrides.tokenIssuer } : {}),
      ...(overrides.loginUrl ? { ToChannelFromBotLoginUrl: overrides.loginUrl } : {}),
      ...(overrides.oauthScope ? { ToChannelFromBotOAuthScope: overrides.oauthScope } : {}),
    },
    serviceUrl: overrides.serviceUrl ?? preset.serviceUrl,
    graphBaseUrl: overrides.graphBaseUrl ?? preset.graphBaseUrl,
  };
}
