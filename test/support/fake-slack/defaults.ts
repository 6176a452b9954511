/** Identities of the fake workspace, shared by the fake Web API and the inbound request builders. */
export const FAKE_TEAM_ID = 'T0TRIAD00';
export const FAKE_TEAM_NAME = 'Triad Test Workspace';
export const FAKE_TEAM_DOMAIN = 'triad-test';
export const FAKE_APP_ID = 'A0TRIAD00';
export const FAKE_BOT_ID = 'B0TRIAD00';
export const FAKE_BOT_USER_ID = 'U0TRIADBOT';
export const FAKE_BOT_NAME = 'triad';
/** Not a real token: any token is accepted by the fake unless `acceptedTokens` says otherwise. */
export const FAKE_BOT_TOKEN = 'xoxb-fake-triad-token';
/** Slack's deprecated verification token, still sent inside command and interaction payloads. */
export const FAKE_VERIFICATION_TOKEN = 'fake-verification-token';
