/**
 * The Microsoft clouds Triad knows by name, without the Teams SDKs: what configuration checks, so that a process
 * with Teams not configured never loads botbuilder (about 35 MiB resident). Their endpoints are in
 * `teams-clouds.ts`.
 */
export const TEAMS_CLOUDS = ['public', 'usgov'] as const;
export type TeamsCloudName = (typeof TEAMS_CLOUDS)[number];

/**
 * Each cloud's global Bot Connector, used to create a 1:1 chat before any activity from the tenant told Triad its
 * regional service URL; undefined where the cloud has no single global one (GCC, GCC High and DoD each have their
 * own: the operator names theirs, TEAMS_SERVICE_URL).
 */
export const GLOBAL_SERVICE_URLS: Record<TeamsCloudName, string | undefined> = {
  public: 'https://smba.trafficmanager.net/teams/',
  usgov: undefined,
};

/** True for `http://` on 127.0.0.1, ::1 or localhost: a local stand-in, the only place plain HTTP is allowed. */
export function isLoopbackHttp(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
  } catch {
    return false;
  }
}
