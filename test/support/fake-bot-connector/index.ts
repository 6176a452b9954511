export {
  type BotEndpoint,
  createTestCloudAdapter,
  PUBLIC_CLOUD_ENDPOINTS,
  StrictBotFrameworkAuthentication,
  startBotEndpoint,
} from './cloud-adapter-harness.js';
export type { SeedConversation, SeedTeam } from './connector-state.js';
export { DEFAULT_TENANT_ID } from './connector-state.js';
export { type FakeBotConnector, startFakeBotConnector } from './fake-bot-connector.js';
export {
  botAccount,
  botAddedActivity,
  FAKE_BOT_NAME,
  type InboundActivityInput,
  inboundActivity,
  type PostResult,
  postActivity,
} from './inbound.js';
export type * from './types.js';
