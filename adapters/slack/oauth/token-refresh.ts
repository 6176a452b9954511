import * as webApi from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../../../src/ports/logger.js';
import { slackLogger } from '../slack-logger.js';

/** What `oauth.v2.access` answers to a refresh: the new bot token, its refresh token and lifetime. */
const refreshAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.literal('bot').optional(),
});

export interface RefreshedToken {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

export interface RefreshOptions {
  clientId: string;
  clientSecret: string;
  apiUrl?: string | undefined;
  logger: Logger;
}

/** `oauth.v2.access` with grant_type=refresh_token; a quick retry, then the caller's own retry (the delivery's). */
export function slackTokenRefresher(
  options: RefreshOptions,
): (refreshToken: string) => Promise<RefreshedToken> {
  const client = new webApi.WebClient(undefined, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: slackLogger(options.logger, 'slack-oauth'),
    retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 200 },
    timeout: 5_000,
  });
  return async (refreshToken) => {
    const answer = refreshAnswer.parse(
      await client.oauth.v2.access({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }),
    );
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresInSeconds: answer.expires_in,
    };
  };
}
