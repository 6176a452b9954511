import type { Engagement, Meeting } from '../../engagement/records.js';
import type { Repositories } from '../../ports/repositories.js';

/** Writes a new version of an engagement (optimistic: a concurrent change makes the repository refuse). */
export async function updateEngagement(
  repos: Repositories,
  current: Engagement,
  changes: Partial<Omit<Engagement, 'id' | 'version' | 'updatedAt'>>,
  now: Date,
): Promise<Engagement> {
  const next: Engagement = { ...current, ...changes, version: current.version + 1, updatedAt: now };
  await repos.engagements.update(next);
  return next;
}

/** Writes a new version of a meeting; the version goes into outbox keys so each change announces once. */
export async function updateMeeting(
  repos: Repositories,
  current: Meeting,
  changes: Partial<Omit<Meeting, 'id' | 'version' | 'updatedAt'>>,
  now: Date,
): Promise<Meeting> {
  const next: Meeting = { ...current, ...changes, version: current.version + 1, updatedAt: now };
  await repos.meetings.update(next);
  return next;
}
