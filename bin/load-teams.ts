import type { CoreDeps } from '../src/use-cases/deps.js';
import type { AppConfig } from './config/app.config.js';
import type { TeamsWiring } from './wire-teams.js';

/**
 * The Teams side of a process, loaded only when TEAMS_APP_ID is set: botbuilder, the Bot Connector client, MSAL
 * and the Graph client hold about 35 MiB of a process's memory (and its garbage collector's marking) that a
 * Slack-only deployment never uses.
 */
export async function loadTeams(config: AppConfig, core: CoreDeps): Promise<TeamsWiring | undefined> {
  if (!config.TEAMS_APP_ID) return undefined;
  const { wireTeams } = await import('./wire-teams.js');
  return wireTeams(config, core);
}
