import type { Logger } from '../../../src/ports/logger.js';
import type { InstallationRow } from './installation-records.js';

/** Makes the enterprise's installer the first HR admin of one workspace's organisation (`adoptWorkspace`). */
export type AdoptWorkspace = (teamId: string, installation: InstallationRow) => Promise<void>;

/**
 * The workspaces an org-wide (Enterprise Grid) installation covers, as Triad hears from each: the installation,
 * the `team_access_granted` event, or the workspace's first request. Each is adopted once per installation and
 * process (the core makes the installer its first HR admin only while it has none, so a second process, or a
 * second request racing the first, changes nothing); a failed adoption is logged and tried on the next request.
 */
export class EnterpriseAdoption {
  /** `<installation row id>/<team id>` adopted (or found with admins) by this process. */
  private readonly done = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly adopt: AdoptWorkspace,
    private readonly logger: Logger,
  ) {}

  /** Adopts the workspace once; never throws (a request or an event goes on whatever happens here). */
  async seen(teamId: string, installation: InstallationRow): Promise<void> {
    if (!installation.isEnterpriseInstall || !installation.installerUserId) return;
    const key = `${installation.id}/${teamId}`;
    if (this.done.has(key)) return;
    let pending = this.running.get(key);
    if (!pending) {
      pending = this.adopt(teamId, installation).then(
        () => {
          this.done.add(key);
        },
        (error: unknown) => {
          this.logger.error(
            {
              teamId,
              installation: installation.installationKey,
              err: error instanceof Error ? error.name : 'unknown_error',
              code: (error as { code?: unknown } | null)?.code,
            },
            'Slack workspace of an org-wide install not adopted; tried again on its next request',
          );
        },
      );
      const running = pending;
      this.running.set(key, running);
      void running.finally(() => this.running.delete(key));
    }
    await pending;
  }
}
