import type { SeenLine } from '../../adapters/local/local-platform.js';
import { byUserId, type CastMember } from './cast.js';

/**
 * The demo's stdout: progress as it goes (each step, what people did, who received what), then per person
 * everything they saw. Lines one message produced for several members are grouped into one progress line.
 */
export interface TranscriptOptions {
  readonly write: (text: string) => void;
  /** Show each message's whole text as it arrives (interactive mode), not just its summary. */
  readonly full?: boolean;
  /** Only show what these people saw as it arrives (interactive mode: the person you are). */
  readonly follow?: () => readonly string[] | undefined;
}

interface Acted {
  at: Date;
  userId: string;
  line: string;
}

const conversationWords = (line: SeenLine): string => {
  switch (line.conversationKind) {
    case 'client_dm':
      return 'DM with Triad';
    case 'coaching':
      return 'coaching space';
    case 'sponsor':
      return line.thread ? `sponsor thread › ${line.thread}` : 'sponsor thread';
    case 'dm':
      return 'DM with Triad';
    case 'reply':
      return 'only you';
  }
};

const nameOf = (userId: string) => byUserId(userId)?.displayName.split(' ')[0] ?? userId;
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');

export function createTranscript(options: TranscriptOptions) {
  const startedAt = Date.now();
  const acted: Acted[] = [];
  let pending: SeenLine[] = [];
  let steps = 0;
  const clock = (at: Date) => {
    const seconds = (at.getTime() - startedAt) / 1000;
    return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${(seconds % 60).toFixed(1).padStart(4, '0')}`;
  };

  const flush = () => {
    const lines = pending;
    pending = [];
    const followed = options.follow?.();
    const groups = new Map<string, SeenLine[]>();
    for (const line of lines) {
      if (followed && !followed.includes(line.userId)) continue;
      const key = line.outboxId ?? `${line.userId}:${line.at.getTime()}:${line.text}`;
      groups.set(key, [...(groups.get(key) ?? []), line]);
    }
    for (const group of groups.values()) {
      // A meeting's time reads in each reader's own zone: one line per distinct view of the message, each reader
      // named once, and a file (a calendar invite) named on the line of the message its reader saw.
      const viewOf = (line: SeenLine) =>
        line.file
          ? (group.find((l) => l.userId === line.userId && !l.file)?.summary ?? line.summary)
          : line.summary;
      const views = new Map<string, SeenLine[]>();
      for (const line of group) views.set(viewOf(line), [...(views.get(viewOf(line)) ?? []), line]);
      for (const view of views.values()) {
        const first = view.find((l) => !l.file) ?? view[0];
        if (!first) continue;
        const who = [...new Set(view.map((l) => nameOf(l.userId)))].join(', ');
        const files = first.file ? [] : [...new Set(view.flatMap((l) => (l.file ? [l.file.name] : [])))];
        const attached = files.length > 0 ? ` (📎 ${files.join(', ')})` : '';
        const head = `  [${clock(first.at)}] ${first.conversationKind === 'reply' ? '↩' : '📨'} ${who} · ${conversationWords(first)}: ${first.summary}${attached}`;
        options.write(options.full ? `${head}\n${indent(first.text, '      │ ')}` : head);
      }
    }
  };

  return {
    /** Feed for the local platform's onSeen. */
    seen(line: SeenLine): void {
      pending.push(line);
      if (pending.length === 1) queueMicrotask(flush);
    },
    step(title: string): void {
      steps += 1;
      options.write(`\n━━ ${String(steps).padStart(2, ' ')}. ${title} ━━`);
    },
    note(text: string): void {
      options.write(`  ${text}`);
    },
    /** Someone typed a line (a command, an answer, a button press). */
    typed(member: CastMember, line: string): void {
      acted.push({ at: new Date(), userId: member.platformUserId, line });
      options.write(
        `  [${clock(new Date())}] ${member.displayName.split(' ')[0]} (${member.roleName}) › ${line}`,
      );
    },
    /** Everything one person saw and did, in order. */
    personal(member: CastMember, seen: readonly SeenLine[]): string {
      type Entry = { at: Date; text: string };
      const entries: Entry[] = [
        ...acted
          .filter((a) => a.userId === member.platformUserId)
          .map((a) => ({ at: a.at, text: `[${clock(a.at)}] you typed › ${a.line}` })),
        ...seen.map((line) => ({
          at: line.at,
          text: `[${clock(line.at)}] ${conversationWords(line)}\n${indent(line.text, '    ')}`,
        })),
      ].sort((a, b) => a.at.getTime() - b.at.getTime());
      const title = `What ${member.displayName} (${member.roleName}, ${member.timeZone}) saw — ${seen.length} item(s)`;
      return [`\n┏━ ${title}`, ...entries.map((e) => indent(e.text, '┃ ')), '┗━'].join('\n');
    },
    elapsedMs: () => Date.now() - startedAt,
  };
}

export type Transcript = ReturnType<typeof createTranscript>;
