import { AuthenticationConstants, GovernmentConstants } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../../bin/config/app.config.js';
import { ConfigError } from '../../../bin/config/env.js';
import { teamsCloud } from '../../../bin/wire-teams.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const teamsApp = {
  TRIAD_ENCRYPTION_KEYS: `k1:${KEY}`,
  TEAMS_APP_ID: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  TEAMS_APP_PASSWORD: 'app-password-value',
  TEAMS_APP_TENANT_ID: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
};

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    parseAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('Teams cloud endpoints from configuration', () => {
  it('defaults to the public cloud with botbuilder’s own constants', () => {
    const cloud = teamsCloud(parseAppConfig(teamsApp));
    expect(cloud.auth).toMatchObject({
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: true,
    });
    expect(cloud.serviceUrl).toBe('https://smba.trafficmanager.net/teams/');
    expect(cloud.graphBaseUrl).toBe('https://graph.microsoft.com');
  });

  it('gives the US Government cloud botbuilder’s government constants, and asks for its Bot Connector', () => {
    expect(problemsOf({ ...teamsApp, TEAMS_CLOUD: 'usgov' })).toContain(
      'TEAMS_SERVICE_URL is required for TEAMS_CLOUD=usgov',
    );

    const config = parseAppConfig({
      ...teamsApp,
      TEAMS_CLOUD: 'usgov',
      TEAMS_SERVICE_URL: 'https://smba.infra.gcc.teams.microsoft.com/teams',
    });
    const cloud = teamsCloud(config);
    expect(cloud.auth).toMatchObject({
      ChannelService: GovernmentConstants.ChannelService,
      ToBotFromChannelOpenIdMetadataUrl: GovernmentConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: GovernmentConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: GovernmentConstants.ToBotFromChannelTokenIssuer,
      ToChannelFromBotLoginUrl: GovernmentConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: GovernmentConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: GovernmentConstants.OAuthUrl,
      CallerId: 'urn:botframework:azureusgov',
    });
    expect(cloud.serviceUrl).toBe('https://smba.infra.gcc.teams.microsoft.com/teams');
    expect(cloud.graphBaseUrl).toBe('https://graph.microsoft.us');
  });

  it('lets each override win over the preset', () => {
    const cloud = teamsCloud(
      parseAppConfig({
        ...teamsApp,
        TEAMS_OPENID_METADATA_URL: 'http://127.0.0.1:4010/v1/.well-known/openidconfiguration',
        TEAMS_TOKEN_ISSUER: 'https://channel.stand-in.test',
        TEAMS_LOGIN_URL: 'http://localhost:4010/botframework.com',
        TEAMS_OAUTH_SCOPE: 'https://api.stand-in.test',
        TEAMS_SERVICE_URL: 'http://[::1]:4020/teams/',
        GRAPH_BASE_URL: 'http://127.0.0.1:4030',
      }),
    );
    expect(cloud.auth).toMatchObject({
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:4010/v1/.well-known/openidconfiguration',
      ToBotFromEmulatorOpenIdMetadataUrl: 'http://127.0.0.1:4010/v1/.well-known/openidconfiguration',
      ToBotFromChannelTokenIssuer: 'https://channel.stand-in.test',
      ToChannelFromBotLoginUrl: 'http://localhost:4010/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.stand-in.test',
      OAuthUrl: AuthenticationConstants.OAuthUrl,
    });
    expect(cloud.serviceUrl).toBe('http://[::1]:4020/teams/');
    expect(cloud.graphBaseUrl).toBe('http://127.0.0.1:4030');
  });

  it.each([
    ['TEAMS_OPENID_METADATA_URL', 'http://login.example.com/v1/.well-known/openidconfiguration'],
    ['TEAMS_TOKEN_ISSUER', 'api.botframework.com'],
    ['TEAMS_LOGIN_URL', 'ftp://127.0.0.1/botframework.com'],
    ['TEAMS_OAUTH_SCOPE', 'not a url'],
    ['TEAMS_SERVICE_URL', 'http://10.0.0.5/teams/'],
    ['GRAPH_BASE_URL', 'http://graph.microsoft.com'],
  ])('refuses %s=%s: https only, plain http only on loopback', (name, value) => {
    const problems = problemsOf({ ...teamsApp, [name]: value });
    expect(problems).toContain(name);
    expect(problems).toContain('must be an https URL like https://');
    expect(problems).toContain('plain http only on 127.0.0.1, [::1] or localhost');
  });

  it.each(['usgov-dod', 'china', 'azure'])('refuses TEAMS_CLOUD=%s and says what to set instead', (cloud) => {
    const problems = problemsOf({ ...teamsApp, TEAMS_CLOUD: cloud });
    expect(problems).toContain('TEAMS_CLOUD must be one of public, usgov');
    expect(problems).toContain('set TEAMS_OPENID_METADATA_URL, TEAMS_TOKEN_ISSUER, TEAMS_LOGIN_URL');
  });
});
