import { z } from 'zod';
import type { ActionId } from '../../controls/controls.js';
import { TriadError } from '../../errors.js';
import type { Cipher, SealContext } from '../../ports/cipher.js';
import type { Repositories } from '../../ports/repositories.js';

/**
 * A message a sponsor (or HR) sent the bot, waiting for them to choose a sponsor thread and confirm. It is kept
 * sealed among the processed requests (so it expires with them) and only its id travels in buttons.
 */
export const relayActions = {
  choose: 'relay.choose',
  confirm: 'relay.confirm',
  cancel: 'relay.cancel',
} as const satisfies Record<string, ActionId>;

const draftKey = (draftId: string) => `relay-draft:${draftId}`;
export const relayDoneKey = (draftId: string) => `relay-draft:${draftId}:done`;

/** A draft is sealed to its own request key: copied under another key, it no longer opens. */
const draftRow = (draftId: string): SealContext => ({
  table: 'processed_requests',
  rowId: draftKey(draftId),
  engagementId: null,
});

const storedDraft = z.object({ authorId: z.string(), keyId: z.string(), ciphertext: z.string() });

export interface RelayDraft {
  draftId: string;
  authorId: string;
  text: string;
}

export async function saveRelayDraft(
  repos: Repositories,
  cipher: Cipher,
  draft: RelayDraft,
  now: Date,
): Promise<void> {
  const sealed = cipher.seal(draft.text, draftRow(draft.draftId));
  await repos.processed.insert({
    key: draftKey(draft.draftId),
    outcome: {
      authorId: draft.authorId,
      keyId: sealed.keyId,
      ciphertext: sealed.ciphertext.toString('base64'),
    },
    createdAt: now,
  });
}

const gone = () =>
  new TriadError(
    'not_found',
    'That message is no longer waiting to be posted.',
    'Send it to me again if you still want it in a sponsor thread.',
  );

/** The draft behind a button, for its author only (anyone else is told it does not exist). */
export async function loadRelayDraft(
  repos: Repositories,
  cipher: Cipher,
  draftId: string,
  authorId: string | undefined,
): Promise<RelayDraft> {
  const row = await repos.processed.get(draftKey(draftId));
  const parsed = storedDraft.safeParse(row?.outcome);
  if (!parsed.success || !authorId || parsed.data.authorId !== authorId) throw gone();
  const text = cipher.open(
    { keyId: parsed.data.keyId, ciphertext: Buffer.from(parsed.data.ciphertext, 'base64') },
    draftRow(draftId),
  );
  return { draftId, authorId, text };
}

/** A button value: the draft and (for choose and confirm) the engagement it is for. */
export const relayChoiceValue = (draftId: string, engagementId: string) => `${draftId}:${engagementId}`;

export const relayChoiceSchema = z
  .string()
  .transform((value) => value.split(':'))
  .pipe(z.tuple([z.uuid(), z.uuid()]))
  .transform(([draftId, engagementId]) => ({ draftId, engagementId }));
