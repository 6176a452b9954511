import type { AdminPart, CommandHint, Part, SharedPart, TimePart } from '../confidentiality/parts.js';
import type { OpaqueValue, Summary, Words } from '../confidentiality/words.js';
import type { ActionId, FormId, PlatformFormId } from '../controls/controls.js';

/** The spaces of an engagement. client_dm and coaching are private; sponsor is shared. */
export const spaceKinds = ['client_dm', 'coaching', 'sponsor'] as const;
export type SpaceKind = (typeof spaceKinds)[number];

export type ThreadRole = 'note' | 'post';

/** Who can read a destination, which decides what content it may carry. */
export type Audience = 'private' | 'shared' | 'admin';

export type Destination =
  /** A space of an engagement; alignment meetings get their own thread in the sponsor space. */
  | {
      readonly kind: 'space';
      readonly engagementId: string;
      readonly space: SpaceKind;
      readonly threadMeetingId?: string;
      /**
       * What a message in a meeting's thread is to the meeting. Absent: its state (scheduled, moved, cancelled,
       * held). `note`: adds to the meeting without changing it (a reminder, its video link, a withdrawal note).
       * `post`: a message of its own about the meeting (what the client released, which they may withdraw).
       * Slack replies in the thread either way; Teams keeps one card per meeting, updated in place with the state
       * and the notes, and posts a `post` as its own message.
       */
      readonly threadRole?: ThreadRole;
    }
  /** A direct message to one person outside any engagement space (admin class): HR notifications, a shortlisted coach not chosen. */
  | {
      readonly kind: 'hr';
      readonly personId: string;
      readonly engagementId?: string;
      /** Set on a message HR must not learn of (an intro call, a coach's self-check): HR's failed-delivery views never count it. */
      readonly privateToPerson?: true;
    }
  /** The answer to the person who just acted (ephemeral reply / modal / card refresh). */
  | {
      readonly kind: 'reply';
      readonly audience: Audience;
      readonly engagementId?: string;
      readonly personId: string;
    };

export const audienceOf = (destination: Destination): Audience => {
  switch (destination.kind) {
    case 'space':
      return destination.space === 'sponsor' ? 'shared' : 'private';
    case 'hr':
      return 'admin';
    case 'reply':
      return destination.audience;
  }
};

/** Parts that hold text: a file's content and a text field's initial value never hold a command hint or a time. */
export type TextPart<P extends Part = Part> = Exclude<P, CommandHint | TimePart>;

export type PartFor<A extends Audience> = A extends 'private'
  ? Part
  : A extends 'shared'
    ? SharedPart
    : AdminPart;

export interface Button {
  readonly type: 'button';
  /** An id of the control table (`src/controls/`): every control Triad shows has one handler. */
  readonly actionId: ActionId;
  readonly label: Words;
  /** Opaque ids only (engagement, prompt, meeting): never content. */
  readonly value: OpaqueValue;
  readonly style?: 'primary' | 'danger';
}

export interface Select {
  readonly type: 'select';
  readonly actionId: ActionId;
  readonly placeholder: Words;
  readonly options: readonly { readonly label: Words; readonly value: OpaqueValue }[];
}

/** A date and time chosen in the viewer's own zone; the adapter converts with the zone given. */
export interface DateTimePicker {
  readonly type: 'datetime';
  readonly actionId: ActionId;
  readonly label: Words;
  readonly value: OpaqueValue;
  readonly initial?: OpaqueValue;
}

export type Control = Button | Select | DateTimePicker;

/** A small picture beside a section's text: an https link and its alternative text, both bot-checked Words. */
export interface SectionImage {
  readonly url: Words;
  readonly alt: Words;
}

export type Block<P extends Part = Part> =
  | { readonly type: 'header'; readonly text: Words }
  /** `image`: a picture beside the text (a coach's photo, an https link), shown as a link where it cannot be. */
  | { readonly type: 'section'; readonly text: readonly P[]; readonly image?: SectionImage }
  | {
      readonly type: 'fields';
      readonly fields: readonly { readonly label: Words; readonly value: readonly P[] }[];
    }
  | { readonly type: 'context'; readonly text: readonly P[] }
  | { readonly type: 'divider' }
  | { readonly type: 'actions'; readonly elements: readonly Control[] };

/**
 * A file that goes with a message (the client's data export, HR's engagement report, a meeting's calendar invite).
 * Its content is parts, checked by the gate like the blocks; the adapter puts it where the message goes and nowhere
 * else (Slack: an upload to the reply's DM, or to the space's conversation and thread).
 */
export interface Attachment<P extends Part = Part> {
  /** A content-free file name, e.g. "triad-export-2026-12-02.json", "triad-kickoff.ics". */
  readonly name: string;
  readonly mimeType: 'application/json' | 'text/csv' | 'text/calendar';
  readonly content: readonly TextPart<P>[];
  /**
   * What the file is made from (ids only), for a platform that delivers files as download links made at request
   * time (Teams): the link names it, and the core makes the file again when the link is followed.
   */
  readonly origin?: FileOrigin;
}

/**
 * The file a download link names: HR's report (of an organisation, for the HR user who asked) or a meeting's
 * calendar invite. (The client's export has its own link, made by the DM that asks for it.) Opaque ids only; the
 * gate checks their shape.
 */
export type FileOrigin =
  | {
      readonly kind: 'report';
      readonly organisationId: OpaqueValue;
      readonly platformUserId: OpaqueValue;
    }
  | { readonly kind: 'invite'; readonly meetingId: OpaqueValue };

/**
 * Someone a message must reach, not only be seen by: a reply in a thread notifies only the thread's followers,
 * so a reminder names the people it is for. Each platform renders it as what it notifies (Slack: a `<@U…>`
 * mention; Teams: an `<at>` mention entity). Ids and a name only.
 */
export interface Mention {
  readonly personId: OpaqueValue;
  readonly platformUserId: OpaqueValue;
  readonly name: Words;
}

/**
 * A platform-neutral message. `summary` is the notification text (bot-composed, logistics only; meeting times
 * in it are shown in each reader's zone where the platform can, its `text` is the fallback elsewhere);
 * blocks carry parts whose allowed provenance depends on the destination's audience.
 */
export interface OutboundMessage<A extends Audience = Audience> {
  readonly audience: A;
  readonly destination: Destination;
  readonly summary: Summary;
  readonly blocks: readonly Block<PartFor<A>>[];
  readonly file?: Attachment<PartFor<A>>;
  /** The people the message is for, notified wherever it is posted (members of the destination only). */
  readonly notify?: readonly Mention[];
}

export type PrivateMessage = OutboundMessage<'private'>;
export type SharedMessage = OutboundMessage<'shared'>;
export type AdminMessage = OutboundMessage<'admin'>;

/** A form field: text input, user pickers, choices, a date-time in the viewer's zone. */
export type FormField<P extends Part = Part> =
  | {
      readonly type: 'text';
      readonly id: string;
      readonly label: Words;
      readonly multiline: boolean;
      readonly maxLength: number;
      readonly optional?: boolean;
      readonly initial?: TextPart<P>;
      readonly hint?: Words;
    }
  | {
      readonly type: 'users';
      readonly id: string;
      readonly label: Words;
      readonly max: number;
      readonly optional?: boolean;
    }
  | {
      readonly type: 'choice';
      readonly id: string;
      readonly label: Words;
      readonly options: readonly { readonly label: Words; readonly value: OpaqueValue }[];
      readonly initial?: OpaqueValue;
    }
  | {
      readonly type: 'datetime';
      readonly id: string;
      readonly label: Words;
      readonly timeZone: string;
      readonly initial?: OpaqueValue;
    };

/** A modal (Slack) or Adaptive Card form (Teams), shown only to the person who opened it. */
export interface Form<A extends Audience = Audience> {
  readonly audience: A;
  readonly destination: Destination;
  /** The control table's form id, or one a platform handles itself (`PlatformFormId`). */
  readonly formId: FormId | PlatformFormId;
  readonly title: Words;
  readonly submitLabel: Words;
  /** Opaque ids the submission carries back (engagement id, prompt id…): never content. */
  readonly context: Readonly<Record<string, OpaqueValue>>;
  readonly intro?: readonly Block<PartFor<A>>[];
  readonly fields: readonly FormField<PartFor<A>>[];
}
