import type { TurnContext } from 'botbuilder';
import type { FileOrigin } from '../../../src/messages/message.js';
import type { Actor } from '../../../src/use-cases/actor.js';
import type { CoreDeps, DirectoryDeps } from '../../../src/use-cases/deps.js';
import { TeamsInputError } from '../errors.js';
import type { FindEntraUser } from '../graph/graph-people.js';
import { SENDER_HOME_TENANT } from '../inbound-origin.js';
import type { DownloadButton } from '../render/message-card.js';
import { addressFromActivity, type TeamsAddress, tenantOf } from '../teams-address.js';
import type { TeamsConnector } from '../teams-connector.js';
import { TeamsDirectory } from '../teams-directory.js';

/** What the Teams endpoint needs: the core's dependencies and the Bot Connector. */
export interface TeamsBotDeps {
  core: CoreDeps;
  connector: TeamsConnector;
  /**
   * The short-lived download link of a client's export (`/export/<token>` on Triad's public URL); without it
   * (no TRIAD_PUBLIC_URL) the export card says the file cannot be delivered in Teams.
   */
  exportLink?: (ids: { personId: string; engagementId: string }) => string;
  /**
   * The download links of a file (HR's report, a meeting's invite) on Triad's public URL, made now; without it
   * (no TRIAD_PUBLIC_URL) the card says the file cannot be delivered in Teams.
   */
  fileLinks?: FileLinksFor;
  /** The tenant's directory through Graph (where allowed), to name people Triad cannot reach yet. */
  entraUsers?: FindEntraUser;
}

/** A message file's download buttons, each a signed link to `/files/<token>` (see `src/use-cases/files/`). */
export type FileLinksFor = (origin: FileOrigin) => Promise<DownloadButton[]>;

/** One inbound activity, with who sent it and where, as the listeners use it. */
export interface Turn {
  context: TurnContext;
  deps: TeamsBotDeps;
  actor: Actor;
  /** The conversation the activity came from. */
  address: TeamsAddress;
  personal: boolean;
  /** The sender's IANA zone, as Teams reports it with the activity. */
  timeZone: string | undefined;
  directory: TeamsDirectory;
  /** The core's dependencies with this request's directory. */
  core: DirectoryDeps;
}

interface ClientInfo {
  type?: string;
  timezone?: string;
}

/** The sender's time zone: `localTimezone` on the activity, or Teams' clientInfo entity. */
export function timeZoneOf(context: TurnContext): string | undefined {
  const activity = context.activity as typeof context.activity & { localTimezone?: string };
  if (activity.localTimezone) return activity.localTimezone;
  const info = (activity.entities ?? []).find((e) => (e as ClientInfo).type === 'clientInfo') as
    | ClientInfo
    | undefined;
  return info?.timezone || undefined;
}

/**
 * The sender's home tenant when the activity named it instead of the chat's (an external user the endpoint checked
 * against the home tenant Triad recorded for them): the actor is then that person only if it is still theirs.
 */
function homeTeamOf(context: TurnContext): { homeTeamId?: string } {
  const home: unknown = context.turnState.get(SENDER_HOME_TENANT);
  return typeof home === 'string' && home !== '' ? { homeTeamId: home.slice(0, 100) } : {};
}

export function buildTurn(context: TurnContext, deps: TeamsBotDeps): Turn {
  const { activity } = context;
  const address = addressFromActivity(activity);
  const tenantId = tenantOf(activity);
  const userId = activity.from?.id;
  if (!address || !tenantId || !userId) {
    throw new TeamsInputError('Triad works only in Microsoft Teams chats of an organisation.');
  }
  const directory = new TeamsDirectory(
    deps.connector,
    { serviceUrl: address.serviceUrl, tenantId },
    [],
    deps.entraUsers,
  );
  return {
    context,
    deps,
    actor: { platform: 'teams', tenantId, platformUserId: userId, ...homeTeamOf(context) },
    address,
    personal: address.conversationType === 'personal',
    timeZone: timeZoneOf(context),
    directory,
    core: { ...deps.core, directory },
  };
}
