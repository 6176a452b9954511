import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { CoreDeps } from '../../src/use-cases/deps.js';
import { conversationOrigin } from '../../src/use-cases/spaces/conversation-origin.js';
import { isTenantServed } from '../../src/use-cases/tenants/tenant-access.js';
import {
  checkOrigin,
  SENDER_HOME_TENANT,
  type SpaceOf,
  servedTenantSet,
  settleTenant,
} from './inbound-origin.js';
import { createTeamsBot } from './teams-bot.js';
import type { TeamsConnector } from './teams-connector.js';
import { explainRefusal, shouldExplainRefusal } from './tenant-refusal.js';
import type { TeamsBotDeps } from './turn/turn.js';

/** Teams activities are at most about 100 KB; anything far larger is not one. */
const MAX_BODY_BYTES = 512 * 1024;

export interface TeamsEndpointDeps {
  /** The CloudAdapter with the bot's authentication (`createTeamsCloudAdapter`). */
  adapter: CloudAdapter;
  connector: TeamsConnector;
  core: CoreDeps;
  /**
   * The Microsoft 365 tenants Triad always serves (configuration); the operator's allow-list (`npm run tenants`)
   * adds others at runtime. Activities from any other tenant are refused.
   */
  servedTenants: readonly string[];
  /** Who a person in a refused tenant is told to have their administrator contact (TRIAD_OPERATOR_CONTACT). */
  operatorContact?: string | undefined;
  exportLink?: TeamsBotDeps['exportLink'];
  fileLinks?: TeamsBotDeps['fileLinks'];
  entraUsers?: TeamsBotDeps['entraUsers'];
}

export type TeamsEndpoint = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

class BodyError extends Error {
  constructor(readonly status: number) {
    super(`request body refused (${status})`);
  }
}

async function readJson(req: IncomingMessage & { body?: unknown }): Promise<Record<string, unknown>> {
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body))
    return req.body as Record<string, unknown>;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413);
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BodyError(400);
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw error instanceof BodyError ? error : new BodyError(400);
  }
}

/** botbuilder's Response interface on node's ServerResponse; `refused` overrides the status botbuilder sets. */
function responseOf(res: ServerResponse, refused: { status?: number }) {
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = refused.status ?? code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body?: unknown) {
      if (body === undefined) return;
      const text = typeof body === 'string';
      if (!res.headersSent) res.setHeader('Content-Type', text ? 'text/plain' : 'application/json');
      res.write(text ? body : JSON.stringify(body));
    },
    end() {
      res.end();
    },
  };
}

/**
 * `/api/messages` for Microsoft Teams, as a plain node:http handler (mount it on any server, e.g. a Bolt custom
 * route). Each request goes through botbuilder's CloudAdapter, which checks the Bot Framework token (401 when it
 * is missing or wrong, as soon as the app has credentials) before Triad sees the activity; outbound calls go to
 * the activity's service URL. Only activities from Teams (`msteams`) in a served tenant reach Triad (403 otherwise).
 * Errors no listener answered are logged with ids only.
 */
export function createTeamsEndpoint(deps: TeamsEndpointDeps): TeamsEndpoint {
  const bot = createTeamsBot({
    core: deps.core,
    connector: deps.connector,
    ...(deps.exportLink ? { exportLink: deps.exportLink } : {}),
    ...(deps.fileLinks ? { fileLinks: deps.fileLinks } : {}),
    ...(deps.entraUsers ? { entraUsers: deps.entraUsers } : {}),
  });
  const { logger } = deps.core;
  const configured = servedTenantSet(deps.servedTenants);
  // Asked on every activity, so an operator's allow or refuse takes effect at once, in every process.
  const served = (tenantId: string) => isTenantServed(deps.core.uow.read, configured, tenantId);
  // A group chat that is an engagement space belongs to its engagement's tenant, whatever tenant an activity names.
  const spaceOf: SpaceOf = async (conversationId, senderIds, claimedTenantIds) => {
    const found = await conversationOrigin(
      { platform: 'teams', address: { conversationId }, senderIds, claimedTenantIds },
      deps.core,
    );
    return found && { tenantId: found.tenantId, senderHomeTenantId: found.senderHomeTeamId };
  };
  deps.adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error(
      {
        err: (error as Error)?.name,
        code: (error as { code?: unknown })?.code,
        activityId: context.activity.id,
        activityType: context.activity.type,
      },
      'teams turn failed',
    );
    if (
      context.activity.type === 'message' &&
      context.activity.conversation?.conversationType === 'personal'
    ) {
      await context
        .sendActivity(
          'Something went wrong on Triad’s side, so this may not have been saved. Please try again.',
        )
        .catch(() => undefined);
    }
  };
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (error) {
      res.writeHead(error instanceof BodyError ? error.status : 400).end();
      return;
    }
    const headers = req.headers as Record<string, string | string[] | undefined>;
    const refused: { status?: number } = {};
    // Runs once botbuilder has checked the token: an activity that is not from Teams in a served tenant is
    // answered 403 and nothing of it is processed (no claim, no reply, no use case).
    const logic = async (context: TurnContext) => {
      const checked = await checkOrigin(context.activity, { served, spaceOf });
      if ('origin' in checked) {
        settleTenant(context.activity, checked.origin);
        if (checked.origin.homeTenantId)
          context.turnState.set(SENDER_HOME_TENANT, checked.origin.homeTenantId);
        return bot(context);
      }
      const reason = checked.refused;
      refused.status = 403;
      // Only a tenant that is simply not served is named (a GUID Teams vouched for); forged origins are not.
      const tenantId =
        reason === 'tenant_not_served'
          ? String(context.activity.conversation.tenantId).slice(0, 100)
          : undefined;
      logger.warn(
        {
          reason,
          ...(tenantId ? { tenantId } : {}),
          activityId: String(context.activity.id ?? '').slice(0, 100),
          activityType: String(context.activity.type ?? '').slice(0, 40),
        },
        'teams activity refused',
      );
      if (tenantId && shouldExplainRefusal(context)) {
        await explainRefusal(context, tenantId, { ...deps.core, operatorContact: deps.operatorContact });
      }
    };
    await deps.adapter.process({ body, headers, method: req.method }, responseOf(res, refused), logic);
  };
}
