/**
 * The viewer matrix (issue 12): every kind of private item × every viewer × every read path. One engagement is
 * walked through the same story on each platform (the drivers); each item carries its own canary; afterwards
 * every viewer looks everywhere they can — App Home, command replies, forms opened with any id (their own and
 * forged ones of the others' items), exports, deliveries, HR's retries, Teams cards — and what each path showed
 * them is collected. The items a viewer saw must be exactly the ones the policy table below lets them read.
 *
 * The story, in order (each driver tells it in its platform's words):
 * 1. The HR admin who will later be removed starts the engagement (client, sponsor, shortlist: the former and
 *    the current coach); kickoff, coach choice (the former coach), alignment: coaching starts.
 * 2. The client answers a prompt by typing in the DM (dmAnswer) and another in the form (modalAnswer); drafts a
 *    goal (goalDraft); writes preparation notes (preparationNotes).
 * 3. The client shares an answer with the former coach (coachingSpaceMessage, delivered to the coaching space).
 *    HR records an assessment; its report reaches the client's DM and the client shares it with the former coach
 *    (assessmentReport).
 *    The former coach holds a coaching session: the client answers the question after it (sessionAnswer); the
 *    former coach keeps a private note on it (formerCoachNote).
 * 4. The platform fails; the client shares another answer (failedShare): its delivery fails for good.
 * 5. The platform is back. HR reassigns the engagement to the current coach.
 * 6. The current coach holds a session and keeps a private note on it (coachNote). The client shares an answer
 *    with the current coach (coachShare); previews a goal and does not confirm
 *    (releasePreview); releases a goal then withdraws it (withdrawnRelease); releases a goal (liveRelease).
 *    The client writes an insight from the assessment (insight), and another they release, then withdraw
 *    (withdrawnInsight).
 * 7. The first HR admin is removed from the configured list. HR retries the failed deliveries (retries).
 * 8. Everyone looks: the read paths above (and a coach's `notes`), for every viewer.
 */
export const items = [
  'dmAnswer',
  'modalAnswer',
  'goalDraft',
  'preparationNotes',
  'coachingSpaceMessage',
  'sessionAnswer',
  'formerCoachNote',
  'coachNote',
  'failedShare',
  'coachShare',
  'releasePreview',
  'withdrawnRelease',
  'liveRelease',
  'assessmentReport',
  'insight',
  'withdrawnInsight',
  'goalInB',
] as const;
export type Item = (typeof items)[number];

export const viewers = [
  'client',
  'currentCoach',
  'formerCoach',
  'sponsor',
  'hrAdmin',
  'removedHrAdmin',
  'otherOrganisationHr',
  'stranger',
] as const;

/**
 * The second organisation, B, as viewers of A's items (issue 14): B's first HR admin (who installed Triad in B's
 * workspace) and the admin they added, B's sponsor and coach, and Kim in B — the person who is A's current coach
 * and, through Slack Connect, a member of B's workspace too, where she is the client of B's engagement. Each
 * looks through every read path in B's workspace, and replays A's ids there; none of A's items is theirs to read
 * (Kim reads A's items only as A's coach, in A's workspace), and Kim's own goal in B (`goalInB`) is hers in B
 * alone. Driven by every driver: core and local adapter; Slack (two workspaces installed through OAuth, Kim
 * acting in B from her own team through Slack Connect); Teams (two allowed tenants, Kim an external member of
 * B's chats). B's story is lean: Kim's engagement and her goal there.
 */
export const organisationBViewers = ['kimInB', 'bHrAdmin', 'bAdmin', 'bSponsor', 'bCoach'] as const;
export const allViewers = [...viewers, ...organisationBViewers] as const;
export type Viewer = (typeof allViewers)[number];

export const readPaths = [
  'home',
  'commandReplies',
  'forms',
  'exports',
  'deliveries',
  'retries',
  'teamsCards',
] as const;
export type ReadPath = (typeof readPaths)[number];

/**
 * Who may read each item (DESIGN section 3: readers are people). The client reads all of their own; a coach
 * reads only what was shared with them while they were the coach; the sponsor space (sponsor, client, the coach
 * of the time) reads a release in force; HR — in office, removed, or of another organisation — and strangers
 * read nothing. A share whose delivery failed reaches nobody new when it is retried after a reassignment. A
 * coach's note is that coach's alone: never the client's, nor the sponsor's, HR's or a later coach's.
 */
export const policy: Readonly<Record<Item, readonly Viewer[]>> = {
  dmAnswer: ['client'],
  modalAnswer: ['client'],
  goalDraft: ['client'],
  preparationNotes: ['client'],
  coachingSpaceMessage: ['client', 'formerCoach'],
  sessionAnswer: ['client'],
  formerCoachNote: ['formerCoach'],
  coachNote: ['currentCoach'],
  failedShare: ['client'],
  coachShare: ['client', 'currentCoach'],
  releasePreview: ['client'],
  withdrawnRelease: ['client'],
  liveRelease: ['client', 'currentCoach', 'sponsor'],
  // HR records it but never reads it again; the coach it was shared with reads it, a later coach never does.
  assessmentReport: ['client', 'formerCoach'],
  insight: ['client'],
  withdrawnInsight: ['client'],
  // Organisation B's: a goal Kim drafts as B's client. Hers in B only: Kim in A (the current coach) never reads it.
  goalInB: ['kimInB'],
};

/** Each item's canary: unique, and never a prefix of another. */
export const canaryOf = (item: Item) => `CANARY${item.toUpperCase()}Z`;

/** Everything one viewer was shown on one read path, as text (JSON of what the platform carried is fine). */
export type Observed = Map<Viewer, Map<ReadPath, string[]>>;

export function newObserved(): Observed {
  return new Map(allViewers.map((v) => [v, new Map(readPaths.map((p) => [p, [] as string[]]))]));
}

export function see(observed: Observed, viewer: Viewer, path: ReadPath, shown: unknown): void {
  const text = typeof shown === 'string' ? shown : JSON.stringify(shown);
  observed.get(viewer)?.get(path)?.push(text);
}

/** For each viewer, the items they saw and on which paths: `item: path, path`. */
export function visibleItems(
  observed: Observed,
  who: readonly Viewer[] = viewers,
): Partial<Record<Viewer, Record<string, string>>> {
  const table: Partial<Record<Viewer, Record<string, string>>> = {};
  for (const viewer of who) {
    const row: Record<string, string> = {};
    for (const item of items) {
      const paths = readPaths.filter((path) =>
        (observed.get(viewer)?.get(path) ?? []).some((text) => text.includes(canaryOf(item))),
      );
      if (paths.length > 0) row[item] = paths.join(', ');
    }
    table[viewer] = row;
  }
  return table;
}

/** The visible set the policy table expects, in the shape of `visibleItems` without the paths. */
export function expectedItems(who: readonly Viewer[] = viewers): Partial<Record<Viewer, string[]>> {
  const table: Partial<Record<Viewer, string[]>> = {};
  for (const viewer of who) table[viewer] = items.filter((item) => policy[item].includes(viewer));
  return table;
}

/** The seen items per viewer, names only (to compare with `expectedItems`). */
export function seenItems(
  observed: Observed,
  who: readonly Viewer[] = viewers,
): Partial<Record<Viewer, string[]>> {
  const visible = visibleItems(observed, who);
  const table: Partial<Record<Viewer, string[]>> = {};
  for (const viewer of who) table[viewer] = items.filter((item) => item in (visible[viewer] ?? {}));
  return table;
}
