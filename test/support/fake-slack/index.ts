export { BLOCK_LIMITS } from './block-rules.js';
export * from './defaults.js';
export type { ConversationDirectory, UserDirectory } from './directories.js';
export {
  type FakeSlack,
  type FakeSlackOptions,
  type PostAsUserInput,
  startFakeSlack,
} from './fake-slack.server.js';
export type { RateLimitOptions } from './faults.js';
export { type ResponseUrlPost, type ResponseUrlSink, startResponseUrlSink } from './response-url-sink.js';
export type { SharedChannels, SharedInvite, SharedInviteMode } from './shared-channels.methods.js';
export {
  type CloudCall,
  type CloudWorkspaceInput,
  type FakeSlackCloud,
  type FakeSlackCloudOptions,
  startFakeSlackCloud,
} from './slack-cloud.js';
export { type IssuedToken, TokenBook, type TokenRefusal } from './token-book.js';
export type * from './types.js';
export type { WorkspaceIdentity } from './workspace.js';
