import type { Directory, PlatformProfile } from '../../../src/ports/directory.js';
import { SlackDirectory } from '../slack-directory.js';
import { WorkspaceUnavailable } from './installation-vault.js';
import { currentRequestClient } from './workspace-clients.js';

/**
 * The Directory of distribution mode: `users.info` with the token of the workspace whose request is being
 * handled (Bolt's per-request client, or the queued command's workspace client in a worker). Outside a request
 * there is no workspace to ask, and the lookup fails rather than use another workspace's token.
 */
export class RequestDirectory implements Directory {
  private readonly directories = new WeakMap<object, SlackDirectory>();

  async lookup(platformUserId: string): Promise<PlatformProfile | undefined> {
    const client = currentRequestClient();
    if (!client) throw new WorkspaceUnavailable('workspace_not_installed');
    let directory = this.directories.get(client);
    if (!directory) {
      directory = new SlackDirectory(client);
      this.directories.set(client, directory);
    }
    return directory.lookup(platformUserId);
  }
}
