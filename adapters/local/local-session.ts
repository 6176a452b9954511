import { DateTime } from 'luxon';
import { readsAsCommand } from '../../src/commands/parse-command.js';
import type { Gated } from '../../src/confidentiality/outbound-gate.js';
import { needsPickedTime } from '../../src/controls/controls.js';
import type { Attachment, Form } from '../../src/messages/message.js';
import type { Actor } from '../../src/use-cases/actor.js';
import type { DirectoryDeps } from '../../src/use-cases/deps.js';
import { routeDirectMessage } from '../../src/use-cases/direct-messages/route-direct-message.js';
import { composeHome } from '../../src/use-cases/home/compose-home.js';
import { type Answer, checkLocalControls, runAction, runForm } from './local-actions.js';
import { coachingHelp, localDialect, runCoachingCommand } from './local-coaching-command.js';
import { describeLocalError, LocalInputError } from './local-errors.js';
import type { LocalPlatform, SeenControl, SeenLine } from './local-platform.js';
import { clientCommands, clientHelp } from './local-shortcuts.js';

export interface LocalSessionOptions {
  platform: LocalPlatform;
  deps: DirectoryDeps;
  /** The organisation's id on the local platform. */
  tenantId: string;
  /** A person's user id from `alex`, `@alex` or `UALEX`; undefined when nobody matches. */
  resolveMention: (name: string) => string | undefined;
}

/** What one typed line led to: the lines the person saw in answer, and whether it failed. */
export interface LineOutcome {
  shown: SeenLine[];
  ok: boolean;
}

export const sessionHelp = [
  'Anyone:',
  '  press <number|label> [YYYY-MM-DDTHH:mm | +2m]   press a button you saw (pickers need a time)',
  '  submit <field 1> | <field 2>                      fill in and send the form you have open',
  '  home                                              your Triad home',
  coachingHelp,
  clientHelp,
  'Anything else you type is a direct message to Triad — goals, goal, export, a reflection answer, a sponsor’s',
  'message for the sponsor thread, an HR command without /coaching: what it means depends on your part.',
].join('\n');

/**
 * One terminal's worth of the local platform: people type lines, which become button presses, form
 * submissions, commands and DM messages to the real use cases; answers are shown to the person who acted.
 */
export function createLocalSession(options: LocalSessionOptions) {
  const { platform, deps } = options;
  // Refuses to start unless every button and form id a composer can emit has exactly one handler.
  checkLocalControls();
  const openForms = new Map<string, Gated<Form>>();
  let requests = 0;

  const actorOf = (userId: string): Actor => ({
    platform: 'local',
    tenantId: options.tenantId,
    platformUserId: userId,
  });
  const zoneOf = (userId: string) => platform.profileOf(userId)?.timeZone ?? deps.settings.defaultTimeZone;
  const nextKey = () => {
    requests += 1;
    return `local-${process.pid}-${requests}`;
  };

  const show = (userId: string, answer: Answer | Answer[]): SeenLine[] => {
    const shown: SeenLine[] = [];
    for (const one of Array.isArray(answer) ? answer : [answer]) {
      for (const item of [one.reply, one.form]) if (item) shown.push(platform.showReply(userId, item));
      const file = one.reply && 'blocks' in one.reply ? one.reply.file : undefined;
      if (file) shown.push(platform.showFile(userId, file as Gated<Attachment>));
    }
    return shown;
  };

  const findControl = (userId: string, ref: string): SeenControl => {
    const seen = platform.seenBy(userId).flatMap((line) => line.controls);
    const number = /^#?(\d+)$/.exec(ref)?.[1];
    const wanted = ref.replace(/^["“]|["”]$/g, '').toLowerCase();
    const found = number
      ? seen.find((c) => c.number === Number(number))
      : seen
          .filter((c) => c.control.type !== 'select' && c.control.label.text.toLowerCase().startsWith(wanted))
          .at(-1);
    if (!found) {
      throw new LocalInputError(
        number ? `You have no button #${number}.` : `You have no button “${ref}”.`,
        'Buttons are numbered as you see them, e.g. [#3 Answer]: type `press 3`.',
      );
    }
    return found;
  };

  /** `+2m`/`+1h` become the local time that far ahead (rounded up to the minute) in the person's zone. */
  const pickedTime = (userId: string, text: string | undefined): string | undefined => {
    if (!text) return undefined;
    const relative = /^\+(\d{1,4})([mh])$/.exec(text.trim());
    if (!relative) return text.trim();
    const amount = Number(relative[1]);
    const at = DateTime.now()
      .setZone(zoneOf(userId))
      .plus(relative[2] === 'h' ? { hours: amount } : { minutes: amount })
      .plus({ minutes: 1 })
      .startOf('minute');
    return at.toFormat("yyyy-LL-dd'T'HH:mm");
  };

  async function press(userId: string, ref: string, when?: string): Promise<Answer> {
    const { control } = findControl(userId, ref);
    if (control.type === 'select') throw new LocalInputError('Menus are not supported in the local demo.');
    const timed = control.type === 'datetime' || needsPickedTime(control.actionId);
    const picked = timed ? pickedTime(userId, when) : undefined;
    const answer = await runAction(control.actionId, {
      actor: actorOf(userId),
      deps,
      value: control.value,
      ...(picked ? { picked } : {}),
      timeZone: zoneOf(userId),
      requestKey: nextKey(),
    });
    return remember(userId, answer);
  }

  /** A form in the answer becomes the person's open form, which `submit` fills in. */
  const remember = (userId: string, answer: Answer): Answer => {
    for (const item of [answer.form, answer.reply]) {
      if (item && 'formId' in item) openForms.set(userId, item);
    }
    return answer;
  };

  async function submit(userId: string, values: readonly string[]): Promise<Answer> {
    const form = openForms.get(userId);
    if (!form) throw new LocalInputError('You have no form open.', 'Press a button that opens one first.');
    const fillable = form.fields.filter((f) => f.type === 'text' || f.type === 'choice');
    if (values.length > fillable.length) {
      throw new LocalInputError(`This form has ${fillable.length} field(s); you gave ${values.length}.`);
    }
    const byId: Record<string, string> = {};
    fillable.forEach((f, index) => {
      const typed = values[index] ?? '';
      byId[f.id] = f.type === 'choice' ? chosenOption(f, typed) : typed;
    });
    const answer = await runForm(form.formId, {
      actor: actorOf(userId),
      deps,
      context: form.context,
      fields: byId,
      timeZone: zoneOf(userId),
      requestKey: nextKey(),
    });
    openForms.delete(userId);
    return remember(userId, answer);
  }

  /**
   * A direct message to Triad: the core decides what it means for the sender (`routeDirectMessage`). An HR
   * command in it is read as `/coaching` would read it; the goal form becomes the person's open form.
   */
  async function message(userId: string, text: string): Promise<Answer | string> {
    const actor = actorOf(userId);
    const outcome = await routeDirectMessage(
      { actor, text, requestKey: nextKey() },
      {
        ...deps,
        runHrCommand: (typed) => runCoachingCommand(typed, actor, deps, options.resolveMention),
        readsAsHrCommand: (typed) => readsAsCommand(typed, localDialect(options.resolveMention)),
      },
    );
    switch (outcome.meaning) {
      case 'hr_command':
        return outcome.result;
      case 'goal_form':
      case 'profile_form':
        return remember(userId, { form: outcome.form });
      default:
        return { reply: outcome.reply };
    }
  }

  async function dispatch(userId: string, line: string): Promise<Answer | string | (Answer | string)[]> {
    const [word = '', ...rest] = line.trim().split(/\s+/);
    const tail = line.trim().slice(word.length).trim();
    const verb = word.toLowerCase();
    if (verb === '/coaching') {
      return runCoachingCommand(tail, actorOf(userId), deps, options.resolveMention);
    }
    if (line.trim().toLowerCase() === 'help') return [sessionHelp, await message(userId, 'help')];
    if (verb === 'press' || /^#?\d+$/.test(word)) {
      const [ref, ...when] = verb === 'press' ? splitLabel(rest) : [word, ...rest];
      if (!ref) throw new LocalInputError('Which button? e.g. `press 3`.');
      return press(userId, ref, when.join(' ') || undefined);
    }
    if (verb === 'submit')
      return submit(
        userId,
        tail.split('|').map((v) => v.trim()),
      );
    if (verb === 'home') {
      const { sections } = await composeHome({ actor: actorOf(userId) }, deps);
      return sections.map((reply) => ({ reply }));
    }
    // `goal` alone is the DM word that opens the goal form; `goal <goal> | <measure>` drafts one in a line.
    const shortcut = Object.hasOwn(clientCommands, verb) ? clientCommands[verb] : undefined;
    if (shortcut && !(verb === 'goal' && tail === '')) {
      return shortcut(tail, {
        actor: actorOf(userId),
        deps,
        press: (ref, when) => press(userId, ref, when),
        submit: (values) => submit(userId, values),
        open: (answer) => remember(userId, answer),
      });
    }
    return message(userId, line.trim());
  }

  /** Runs one typed line as `userId`; errors are shown to that person, as a platform would. */
  async function run(userId: string, line: string): Promise<LineOutcome> {
    try {
      const result = await dispatch(userId, line);
      const shown = (Array.isArray(result) ? result : [result]).flatMap((item) =>
        typeof item === 'string' ? [platform.showText(userId, item)] : show(userId, item),
      );
      return { shown, ok: true };
    } catch (error) {
      const words = describeLocalError(error);
      if (words === undefined) throw error;
      return { shown: [platform.showText(userId, words)], ok: false };
    }
  }

  return { run, openFormOf: (userId: string) => openForms.get(userId) };
}

/** A choice field's value from what was typed: an option's label or value (any case); empty keeps the initial. */
function chosenOption(
  field: { options: readonly { label: { text: string }; value: unknown }[]; initial?: unknown },
  typed: string,
): string {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return field.initial === undefined ? '' : String(field.initial);
  const option = field.options.find(
    (o) => o.label.text.toLowerCase() === wanted || String(o.value).toLowerCase() === wanted,
  );
  if (!option) {
    throw new LocalInputError(
      `“${typed.trim()}” is not one of the choices: ${field.options.map((o) => o.label.text).join(', ')}.`,
    );
  }
  return String(option.value);
}

/** `press "Mark as held" +2m` → ['Mark as held', '+2m']; `press 3 +2m` → ['3', '+2m']. */
function splitLabel(words: readonly string[]): string[] {
  const text = words.join(' ');
  const quoted = /^["“]([^"”]+)["”]\s*(.*)$/.exec(text);
  if (quoted) return [quoted[1] as string, ...(quoted[2] ? [quoted[2]] : [])];
  return [...words];
}

export type LocalSession = ReturnType<typeof createLocalSession>;
