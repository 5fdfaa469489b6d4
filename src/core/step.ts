import { randomBytes } from 'node:crypto';
import { type Content, defaultContent } from '../content/content';
import type { CopyVars } from '../content/copy';
import { lastChoices, matchChoice } from './choices';
import type { Effect } from './effects';
import {
  type AnyFlow,
  defineFlow,
  type FlowCtx,
  type FlowData,
  type FlowFrame,
  type Json,
  SESSION_VERSION,
  type SessionState,
  type StartArgs,
  type StepInput,
  type Transition,
  type Trigger,
} from './flow';
import type { Choice, Locale, Outbound } from './message';
import { hasWords, normalizeWord } from './text';

/** This process, so the step can tell the first message after a restart (see `restarted`). */
export interface Boot {
  id: string;
  at: Date;
}

export function newBoot(at: Date = new Date()): Boot {
  return { id: randomBytes(6).toString('hex'), at };
}

/** Flows indexed once at start-up, with the content they speak and the process they run in. */
export interface FlowRegistry {
  flows: ReadonlyMap<string, AnyFlow>;
  content: Content;
  /** Absent in pure tests: then nothing is treated as a restart. */
  boot?: Boot;
}

/** The built-in flow that offers a parked frame back ("Lanjutkan laporan sebelumnya?"). */
export const RESUME_FLOW = 'core.resume';

export function makeRegistry(
  flows: readonly AnyFlow[],
  opts: { content?: Content; boot?: Boot } = {},
): FlowRegistry {
  const map = new Map<string, AnyFlow>();
  const content = opts.content ?? defaultContent();
  for (const f of flows) {
    if (map.has(f.name)) throw new Error(`two flows named "${f.name}"`);
    map.set(f.name, f);
  }
  map.set(RESUME_FLOW, resumeFlow(map, content));
  return { flows: map, content, ...(opts.boot ? { boot: opts.boot } : {}) };
}

export type StepIn = StepInput;

export interface StepOut {
  state: SessionState;
  replies: Outbound[];
  effects: Effect[];
  /**
   * Shown after the effects' own replies: the pending question of a flow in progress, when a
   * one-shot command whose answer comes from an effect (`cek PN-…`) interrupted it.
   */
  trailer: Outbound[];
}

/** Well-known flow names the router hands work to when they are registered. */
export const QA_FLOW = 'qa';
export const MEDIA_FLOW = 'screenshot';

/**
 * Choice ids the core answers itself. `core:open` is what a channel sends when a chat opens (the
 * console at start): it re-shows a pending question and says nothing otherwise. `core:chosen` is the
 * button a channel leaves on a keyboard after a tap, to show what was picked.
 */
export const OPEN_CHOICE = 'core:open';
export const CHOSEN_CHOICE = 'core:chosen';

type GlobalWord = 'start' | 'menu' | 'help' | 'language' | 'cancel' | 'back';
const GLOBAL_WORDS: readonly GlobalWord[] = ['start', 'menu', 'help', 'language', 'cancel', 'back'];

export function freshState(locale: Locale): SessionState {
  return { v: SESSION_VERSION, locale };
}

/** Every word and phrase a trigger answers to (its own words and its content word list). */
export function triggerWords(trig: Trigger, content: Content = defaultContent()): string[] {
  return [...(trig.words ?? []), ...(trig.list ? content.words(trig.list) : [])].map((w) => w.toLowerCase());
}

/**
 * Pure: decides the replies and effects for one message, and the next session state; performs
 * none of them (the dispatcher does, in one transaction).
 */
export function step(
  reg: FlowRegistry,
  prev: SessionState | undefined,
  input: StepIn,
  baseCtx: FlowCtx,
): StepOut {
  const run = new Run(reg, prev, baseCtx);
  run.handle(input);
  return run.finish();
}

class Run {
  state: SessionState;
  replies: Outbound[] = [];
  effects: Effect[] = [];
  trailer: Outbound[] = [];
  /** The first message this process handles for a session another process left mid-flow. */
  private readonly restarted: boolean;
  private truncationNotice: Outbound | undefined;

  constructor(
    private readonly reg: FlowRegistry,
    prev: SessionState | undefined,
    private readonly base: FlowCtx,
  ) {
    if (prev && prev.v === SESSION_VERSION) {
      this.state = structuredClone(prev);
    } else {
      this.state = freshState(prev?.locale === 'en' ? 'en' : base.locale);
      if (prev) this.say('core.session_reset');
    }
    this.restarted = this.wasRestarted();
  }

  get ctx(): FlowCtx {
    return { ...this.base, locale: this.state.locale, content: this.reg.content };
  }

  private text(key: string, vars?: CopyVars): string {
    return this.reg.content.t(key, this.state.locale, vars);
  }

  say(key: string, vars?: CopyVars, choices?: Choice[]): void {
    this.replies.push({ text: this.text(key, vars), ...(choices ? { choices } : {}) });
  }

  /** A short notice that a channel with buttons shows on the tapped button, not as a message. */
  private toast(key: string): void {
    this.replies.push({ text: this.text(key), toast: true });
  }

  finish(): StepOut {
    const choices = lastChoices([...this.replies, ...this.trailer]);
    if (choices) this.state.choices = choices;
    // Choices stay only when nothing new was shown (a toast, a chat that opened with nothing pending).
    else if (this.effects.length || this.replies.some((r) => !r.toast)) delete this.state.choices;
    if (this.reg.boot) this.state.seen = { boot: this.reg.boot.id, at: this.base.now.toISOString() };
    return { state: this.state, replies: this.replies, effects: this.effects, trailer: this.trailer };
  }

  /**
   * Another process wrote this session, and wrote it before this process started: this process was
   * restarted since (a worker that merely runs beside it started earlier, so it does not count).
   */
  private wasRestarted(): boolean {
    const boot = this.reg.boot;
    if (!boot || !this.busy()) return false;
    const seen = this.state.seen;
    if (!seen) return true;
    return seen.boot !== boot.id && Date.parse(seen.at) <= boot.at.getTime();
  }

  /** The flow in progress: a current frame that is not on a settled step. */
  private busy(): FlowFrame | undefined {
    const frame = this.state.flow;
    if (!frame) return undefined;
    const stepDef = this.reg.flows.get(frame.name)?.steps[frame.step];
    return stepDef?.settled ? undefined : frame;
  }

  handle(raw: StepIn): void {
    const input: StepIn = { ...raw };
    if (input.truncated) {
      this.truncationNotice = {
        text: this.text('core.text_truncated', { max: this.base.config.MAX_TEXT_LENGTH }),
      };
      this.replies.push(this.truncationNotice);
    }
    if (input.media?.refused) {
      // A refused file never reaches a flow: say why, and carry on where the user was.
      this.say(input.media.refused.key, input.media.refused.vars);
      this.reprompt();
      return;
    }

    const tapped = input.choice !== undefined;
    if (input.choice === OPEN_CHOICE) return this.open();
    if (input.choice === CHOSEN_CHOICE) return this.toast('core.already_chosen');
    if (input.choice !== undefined && !this.state.choices?.some((c) => c.id === input.choice)) {
      return this.oldButton(input.choice);
    }
    if (input.choice === undefined && input.text && this.state.choices) {
      const picked = matchChoice(input.text, this.state.choices);
      if (picked) input.choice = picked;
    }

    const word = input.choice === undefined && input.text ? normalizeWord(input.text) : '';
    const g = this.globalWord(word, input.choice);
    if (g) return this.global(g);

    const trig = this.findTrigger(word, input.text ?? '');
    if (trig) {
      const args: StartArgs = { rest: trig.rest, ...(input.media ? { media: input.media } : {}) };
      return this.startFlow(trig.flow, args, true);
    }

    if (input.choice?.startsWith('m:')) {
      const name = input.choice.slice(2);
      if (this.reg.flows.has(name)) return this.startFlow(name, {}, true);
    }

    const busy = this.busy();
    if (busy && this.restarted && !tapped && !input.media) {
      // The user may never have seen the question (the console, a reply lost in the restart):
      // show it again rather than take this message as its answer.
      this.say('core.after_restart');
      this.reprompt();
      return;
    }
    if (busy) return this.inFlow(busy, input);
    if (this.state.flow) return this.settled(this.state.flow, input);
    return this.idle(input);
  }

  private globalWord(word: string, choice: string | undefined): GlobalWord | undefined {
    if (choice?.startsWith('core:')) return GLOBAL_WORDS.find((g) => g === choice.slice(5));
    if (!word) return undefined;
    return GLOBAL_WORDS.find((g) => this.reg.content.words(`core.${g}`).includes(word));
  }

  /** A chat opened (the console at start): the pending question again, or nothing. */
  private open(): void {
    if (!this.busy()) return;
    this.say('core.where_we_were');
    this.reprompt();
  }

  /**
   * A button from a message that is no longer the latest. Menu entries, global words and the ids of
   * flows that keep their buttons still work; anything else gets a short notice, never a re-send.
   */
  private oldButton(choice: string): void {
    if (choice.startsWith('m:') && this.reg.flows.has(choice.slice(2))) {
      return this.startFlow(choice.slice(2), {}, true);
    }
    const g = this.globalWord('', choice);
    if (g) return this.global(g);
    const owner = choice.includes(':') ? this.reg.flows.get(choice.split(':')[0]!) : undefined;
    if (owner?.keepsButtons) return this.startFlow(owner.name, { choice }, true);
    this.toast('core.stale_choice');
  }

  private global(g: GlobalWord): void {
    const busy = this.busy();
    switch (g) {
      case 'start':
        this.leaveFlow();
        this.say('core.welcome');
        this.menu();
        return;
      case 'menu':
        this.leaveFlow();
        this.menu();
        return;
      case 'help':
        this.say('core.help');
        this.reprompt();
        return;
      case 'language':
        this.state.locale = this.state.locale === 'id' ? 'en' : 'id';
        this.say('core.language_set');
        this.reprompt();
        return;
      case 'cancel': {
        if (!busy) {
          this.leaveFlow();
          this.say('core.nothing_to_cancel');
          this.menu();
          return;
        }
        const def = this.reg.flows.get(busy.name);
        if (def?.onCancel) {
          this.apply(def, busy, def.onCancel(this.ctx, busy.data, busy.step));
          return;
        }
        this.endFlow(busy);
        this.say('core.cancelled');
        this.menu();
        return;
      }
      case 'back': {
        if (!busy) {
          this.leaveFlow();
          this.menu();
          return;
        }
        const prevStep = busy.history.pop();
        if (prevStep === undefined) this.say('core.back_first');
        else busy.step = prevStep;
        this.reprompt();
        return;
      }
    }
  }

  /**
   * A command: the longest trigger word or phrase the text starts with. In the middle of a flow the
   * text is that flow's answer unless the command stands alone, starts with "/", or is followed by
   * what the trigger expects (`cek PN-7K3M-Q9`).
   */
  private findTrigger(word: string, text: string): { flow: string; rest: string } | undefined {
    if (!word) return undefined;
    const busy = this.busy() !== undefined;
    const slash = text.trim().startsWith('/');
    let best: { flow: string; rest: string; length: number } | undefined;
    for (const def of this.reg.flows.values()) {
      for (const trig of def.triggers ?? []) {
        if (trig.adminOnly && !this.base.isAdmin) continue;
        for (const w of triggerWords(trig, this.reg.content)) {
          if (best && w.length <= best.length) continue;
          const exact = word === w;
          if (!exact && !word.startsWith(`${w} `)) continue;
          // Keep the original spelling of what follows a one-word command (a ticket, a broadcast text).
          const rest = w.includes(' ')
            ? word.slice(w.length).trim()
            : text
                .trim()
                .replace(/^\/?\S+(@\w+)?/, '')
                .trim();
          if (busy && !exact && !slash && !trig.rest?.test(rest)) continue;
          best = { flow: def.name, rest, length: w.length };
        }
      }
    }
    return best && { flow: best.flow, rest: best.rest };
  }

  private idle(input: StepIn): void {
    if (input.choice) {
      const name = input.choice.split(':')[0]!;
      if (this.reg.flows.has(name)) return this.startFlow(name, { choice: input.choice }, false);
    }
    if (input.media) {
      if (this.reg.flows.has(MEDIA_FLOW)) {
        return this.startFlow(
          MEDIA_FLOW,
          { media: input.media, ...(input.text ? { text: input.text } : {}) },
          false,
        );
      }
      this.say('core.media_unsupported');
      this.menu();
      return;
    }
    const text = input.text ?? '';
    if (!text) {
      this.say('core.empty');
      this.menu();
      return;
    }
    if (text.startsWith('/')) {
      this.say('core.unknown_command');
      this.menu();
      return;
    }
    if (!hasWords(text)) {
      this.say('core.no_words');
      this.menu();
      return;
    }
    // A forwarded message goes to Q&A with where it came from: it is a claim to check.
    if (this.reg.flows.has(QA_FLOW))
      return this.startFlow(QA_FLOW, { text, ...(input.context ? { context: input.context } : {}) }, false);
    this.say('core.qa_placeholder');
    this.menu();
  }

  /** A message at a settled step: its own buttons and follow-up text go to it, the rest as on a fresh chat. */
  private settled(frame: FlowFrame, input: StepIn): void {
    const def = this.reg.flows.get(frame.name);
    const stepDef = def?.steps[frame.step];
    const own = input.choice !== undefined || (input.text !== undefined && !input.text.startsWith('/'));
    if (!def || !stepDef || frame.version !== def.version || input.media || !own) {
      delete this.state.flow;
      return this.idle(input);
    }
    this.apply(def, frame, stepDef.handle(this.ctx, input, frame.data));
  }

  private inFlow(frame: FlowFrame, input: StepIn): void {
    const def = this.reg.flows.get(frame.name);
    if (!def) {
      delete this.state.flow;
      this.say('core.flow_restarted');
      this.menu();
      return;
    }
    if (frame.version !== def.version || !def.steps[frame.step]) {
      delete this.state.flow;
      this.say('core.flow_restarted');
      this.startFlow(def.name, {}, false);
      return;
    }
    const stepDef = def.steps[frame.step]!;
    if (input.media && !stepDef.acceptsMedia) {
      if (def.onMedia)
        return this.apply(def, frame, def.onMedia(this.ctx, input.media, frame.data, frame.step));
      this.say('core.media_not_here');
      this.reprompt();
      return;
    }
    if (!input.media && !input.text && input.choice === undefined) {
      this.say('core.empty');
      this.reprompt();
      return;
    }
    if (input.choice === undefined && !input.media && input.text?.trim().startsWith('/')) {
      // "/stiker" is a command we do not know, never an answer to the question.
      this.say('core.unknown_command');
      this.reprompt();
      return;
    }
    const tr = stepDef.handle(this.ctx, input, frame.data);
    if (tr.error && def.answersQuestions && input.text && input.choice === undefined) {
      const answer = this.base.services.qa?.answerInline(input.text, this.ctx);
      if (answer) {
        this.replies.push(...answer);
        this.say('core.continue');
        this.reprompt();
        return;
      }
    }
    this.apply(def, frame, tr);
  }

  private apply(def: AnyFlow, frame: FlowFrame, tr: Transition<FlowData>): void {
    if (tr.forget) delete this.state.parked;
    if (tr.replies) this.replies.push(...tr.replies);
    if (tr.effects) this.effects.push(...tr.effects);
    if (tr.error) {
      // A step that refuses a too-long answer says so itself; the generic "I kept 4000 characters" goes.
      if (tr.error.key === 'core.too_long' && this.truncationNotice) {
        this.replies = this.replies.filter((r) => r !== this.truncationNotice);
      }
      this.say(tr.error.key, tr.error.vars);
    }
    if (tr.data) frame.data = tr.data;
    if (tr.to === 'end') {
      this.endFlow(frame);
      if (tr.then) this.startFlow(tr.then.flow, tr.then.args ?? {}, false);
      return;
    }
    const wasSettled = def.steps[frame.step]?.settled === true;
    if (tr.to !== null && tr.to !== frame.step) {
      if (!def.steps[tr.to]) throw new Error(`flow ${def.name}: no step "${tr.to}"`);
      frame.history.push(frame.step);
      frame.step = tr.to;
    }
    // A settled step's prompt is a finished answer: shown when reached, never again.
    const stayedSettled = wasSettled && tr.to === null;
    const show = !stayedSettled && (tr.prompt ?? (tr.to !== null || tr.error !== undefined));
    if (show) this.replies.push(...def.steps[frame.step]!.prompt(this.ctx, frame.data));
  }

  /**
   * Starts a flow. Over a flow in progress: a one-shot (`berhenti`, an old 👍) or an answer that is
   * finished at once leaves that flow where it was and shows its question again; a flow that opens
   * steps parks the old one (when it parks) and takes over. A parked frame of the same flow is
   * offered back first ("Lanjutkan laporan sebelumnya?").
   */
  private startFlow(name: string, args: StartArgs, interrupting: boolean): void {
    const def = this.reg.flows.get(name);
    if (!def) return this.menu();
    const busy = interrupting ? this.busy() : undefined;
    const usable = (f: FlowFrame | undefined) =>
      f && f.version === def.version && def.steps[f.step] !== undefined;
    if (args.offer === 'continue' && usable(this.state.parked?.[name])) {
      this.leaveFlow(name);
      return this.resume(def, this.state.parked![name]!, args);
    }
    const { offer: _o, ...clean } = args;
    // Starting is pure, so it can be tried first: a one-shot ("siaran status") never parks anything.
    const tr = def.start(this.ctx, clean);
    const settles = tr.to !== 'end' && tr.to !== null && def.steps[tr.to]?.settled === true;
    const oneShot = tr.to === 'end' || tr.to === null || (settles && busy !== undefined);
    if (!oneShot && name !== RESUME_FLOW && args.offer !== 'fresh') {
      // "lapor" in the middle of a report: keep the draft and ask whether to continue it.
      if (busy?.name === name && def.parkOnLeave) this.leaveFlow(name);
      const parked = this.state.parked?.[name];
      if (parked && usable(parked)) {
        this.leaveFlow(name);
        return args.media ? this.resume(def, parked, args) : this.offer(name, parked, args);
      }
    }
    if (this.state.parked?.[name] && (args.offer === 'fresh' || !usable(this.state.parked[name]))) {
      delete this.state.parked[name];
    }
    if (oneShot) {
      if (tr.replies) this.replies.push(...tr.replies);
      if (tr.effects) this.effects.push(...tr.effects);
      // A kept button that no longer means anything (a topic gone) is a toast like any stale button.
      if (tr.error?.key === 'core.stale_choice' && args.choice) return this.toast(tr.error.key);
      if (tr.error) this.say(tr.error.key, tr.error.vars);
      if (settles && (tr.prompt ?? true)) {
        this.replies.push(...def.steps[tr.to as string]!.prompt(this.ctx, (tr.data ?? {}) as FlowData));
      }
      if (tr.then) return this.startFlow(tr.then.flow, tr.then.args ?? {}, interrupting);
      if (busy) this.reprompt(tr.effects?.length ? this.trailer : this.replies);
      return;
    }
    if (tr.to === 'end' || tr.to === null) return;
    if (!def.steps[tr.to]) throw new Error(`flow ${name}: start goes to unknown step "${tr.to}"`);
    this.leaveFlow(name);
    const frame: FlowFrame = {
      name,
      version: def.version,
      step: tr.to,
      data: {},
      history: [],
      startedAt: this.base.now.toISOString(),
    };
    this.state.flow = frame;
    if (tr.replies) this.replies.push(...tr.replies);
    if (tr.effects) this.effects.push(...tr.effects);
    if (tr.data) frame.data = tr.data;
    if (tr.prompt ?? true) this.replies.push(...def.steps[tr.to]!.prompt(this.ctx, frame.data));
  }

  /** Asks whether to continue the parked frame of `name` or start again. */
  private offer(name: string, parked: FlowFrame, args: StartArgs): void {
    const { media: _m, offer: _o, ...kept } = args;
    const def = this.reg.flows.get(RESUME_FLOW)!;
    const frame: FlowFrame = {
      name: RESUME_FLOW,
      version: def.version,
      step: 'offer',
      data: { flow: name, args: kept as { [k: string]: Json }, parked: parked.data as { [k: string]: Json } },
      history: [],
      startedAt: this.base.now.toISOString(),
    };
    this.state.flow = frame;
    this.replies.push(...def.steps.offer!.prompt(this.ctx, frame.data));
  }

  /** Brings a parked frame back as the flow in progress, with what this start brought (files). */
  private resume(def: AnyFlow, parked: FlowFrame, args: StartArgs): void {
    delete this.state.parked![def.name];
    const frame = structuredClone(parked);
    const { offer: _o, media, ...rest } = args;
    if (def.resume?.merge) frame.data = def.resume.merge(this.ctx, frame.data, rest);
    this.state.flow = frame;
    this.replies.push({
      text: def.resume?.resumed?.(this.ctx, frame.data) ?? this.text('core.resumed'),
    });
    if (media && def.onMedia && !def.steps[frame.step]?.acceptsMedia) {
      return this.apply(def, frame, def.onMedia(this.ctx, media, frame.data, frame.step));
    }
    if (media) return this.inFlow(frame, { media });
    this.reprompt();
  }

  /**
   * Leaves the current frame: a flow in progress that parks keeps its frame to offer resuming later
   * (and says so, unless the same flow is starting again); a settled frame is simply dropped.
   */
  private leaveFlow(starting?: string): void {
    const busy = this.busy();
    const frame = this.state.flow;
    if (!frame) return;
    delete this.state.flow;
    if (!busy) return;
    const def = this.reg.flows.get(busy.name);
    if (!def?.parkOnLeave) return;
    this.state.parked = { ...this.state.parked, [busy.name]: busy };
    if (starting === busy.name) return;
    const word = def.triggers?.map((tr) => triggerWords(tr, this.reg.content)[0]).find(Boolean);
    this.say(word ? 'core.parked' : 'core.parked_menu', {
      what: this.text(def.parkedKey ?? 'core.parked_default'),
      word: word ?? '',
    });
  }

  private endFlow(frame: FlowFrame): void {
    if (this.state.flow === frame) delete this.state.flow;
    if (this.state.parked?.[frame.name]) delete this.state.parked[frame.name];
  }

  /** Shows the pending question of the flow in progress, or the menu when nothing is in progress. */
  reprompt(into: Outbound[] = this.replies): void {
    const frame = this.busy();
    if (!frame) return this.menu();
    const def = this.reg.flows.get(frame.name);
    const stepDef = def?.steps[frame.step];
    if (!stepDef) return this.menu();
    into.push(...stepDef.prompt(this.ctx, frame.data));
  }

  menu(): void {
    this.replies.push(menuMessage(this.reg, this.state.locale, this.base.isAdmin));
  }
}

export function menuMessage(reg: FlowRegistry, locale: Locale, isAdmin: boolean): Outbound {
  const t = (key: string) => reg.content.t(key, locale);
  const items = [...reg.flows.values()]
    .flatMap((f) => (f.menu && (!f.menu.adminOnly || isAdmin) ? [{ ...f.menu, flow: f.name }] : []))
    .sort((a, b) => a.order - b.order);
  return {
    text: t('core.menu'),
    choices: [
      ...items.map((m) => ({ id: `m:${m.flow}`, label: t(m.labelKey) })),
      { id: 'core:help', label: t('core.menu_help') },
      { id: 'core:language', label: t('core.menu_language') },
    ],
  };
}

type OfferData = { flow?: string; args?: { [k: string]: Json }; parked?: { [k: string]: Json } };

/** The question that offers a parked frame back; the flow's own wording when it has one. */
function resumeFlow(flows: ReadonlyMap<string, AnyFlow>, content: Content): AnyFlow {
  return defineFlow<OfferData>({
    name: RESUME_FLOW,
    version: 1,
    start: () => ({ to: 'end' }),
    steps: {
      offer: {
        prompt(ctx, d) {
          const target = d.flow ? flows.get(d.flow) : undefined;
          const say = (key: string) => content.t(key, ctx.locale);
          const text =
            (target && d.parked && target.resume?.prompt?.(ctx, d.parked)) || say('core.resume_offer');
          return [
            {
              text,
              choices: [
                { id: 'core:resume', label: say('core.choice_resume'), aliases: content.words('core.yes') },
                { id: 'core:fresh', label: say('core.choice_fresh'), aliases: content.words('core.fresh') },
              ],
            },
          ];
        },
        handle(_ctx, input, d) {
          if (!d.flow) return { to: 'end' };
          const args = (d.args ?? {}) as StartArgs;
          if (input.choice === 'core:resume') {
            // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
            return { to: 'end', then: { flow: d.flow, args: { ...args, offer: 'continue' } } };
          }
          if (input.choice === 'core:fresh') {
            // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
            return { to: 'end', then: { flow: d.flow, args: { ...args, offer: 'fresh' } } };
          }
          return { to: null, error: { key: 'core.resume_pick' } };
        },
      },
    },
  });
}
