import { t } from '../content/copy';
import { words } from '../content/words';
import { lastChoices, matchChoice } from './choices';
import type { Effect } from './effects';
import {
  type AnyFlow,
  type FlowCtx,
  type FlowData,
  type FlowFrame,
  SESSION_VERSION,
  type SessionState,
  type StartArgs,
  type StepInput,
  type Transition,
} from './flow';
import type { Choice, Locale, Outbound } from './message';
import { hasWords, normalizeWord } from './text';

/** Flows indexed once at start-up. */
export interface FlowRegistry {
  flows: ReadonlyMap<string, AnyFlow>;
}

export function makeRegistry(flows: readonly AnyFlow[]): FlowRegistry {
  const map = new Map<string, AnyFlow>();
  for (const f of flows) {
    if (map.has(f.name)) throw new Error(`two flows named "${f.name}"`);
    map.set(f.name, f);
  }
  return { flows: map };
}

export interface StepIn extends StepInput {
  /** The text was longer than the limit and was cut. */
  truncated?: boolean;
}

export interface StepOut {
  state: SessionState;
  replies: Outbound[];
  effects: Effect[];
}

/** Well-known flow names the router hands work to when they are registered. */
export const QA_FLOW = 'qa';
export const MEDIA_FLOW = 'screenshot';

type GlobalWord = 'start' | 'menu' | 'help' | 'language' | 'cancel' | 'back';
const GLOBAL_WORDS: readonly GlobalWord[] = ['start', 'menu', 'help', 'language', 'cancel', 'back'];

function globalWord(word: string, choice: string | undefined): GlobalWord | undefined {
  if (choice?.startsWith('core:')) return GLOBAL_WORDS.find((g) => g === choice.slice(5));
  if (!word) return undefined;
  return GLOBAL_WORDS.find((g) => words(`core.${g}`).includes(word));
}

export function freshState(locale: Locale): SessionState {
  return { v: SESSION_VERSION, locale };
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
  }

  get ctx(): FlowCtx {
    return { ...this.base, locale: this.state.locale };
  }

  say(key: string, vars?: Record<string, string | number>, choices?: Choice[]): void {
    this.replies.push({ text: t(key, this.state.locale, vars), ...(choices ? { choices } : {}) });
  }

  finish(): StepOut {
    const choices = lastChoices(this.replies);
    if (choices) this.state.choices = choices;
    else delete this.state.choices;
    return { state: this.state, replies: this.replies, effects: this.effects };
  }

  handle(raw: StepIn): void {
    const input: StepIn = { ...raw };
    if (input.truncated) this.say('core.text_truncated', { max: this.base.config.MAX_TEXT_LENGTH });
    if (input.media?.refused) {
      // A refused file never reaches a flow: say why, and carry on where the user was.
      this.say(input.media.refused.key, input.media.refused.vars);
      this.reprompt();
      return;
    }

    if (input.choice !== undefined) {
      if (!this.state.choices?.some((c) => c.id === input.choice)) {
        this.say('core.stale_choice');
        this.reprompt();
        return;
      }
    } else if (input.text && this.state.choices) {
      const picked = matchChoice(input.text, this.state.choices);
      if (picked) input.choice = picked;
    }

    const word = input.choice === undefined && input.text ? normalizeWord(input.text) : '';
    const g = globalWord(word, input.choice);
    if (g) return this.global(g);

    const trig = this.findTrigger(word, input.text ?? '');
    if (trig)
      return this.startFlow(
        trig.flow,
        { rest: trig.rest, ...(input.media ? { media: input.media } : {}) },
        true,
      );

    if (input.choice?.startsWith('m:')) {
      const name = input.choice.slice(2);
      if (this.reg.flows.has(name)) return this.startFlow(name, {}, true);
    }

    const frame = this.state.flow;
    if (frame) return this.inFlow(frame, input);
    return this.idle(input);
  }

  private global(g: GlobalWord): void {
    const frame = this.state.flow;
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
        if (frame) this.reprompt();
        else this.menu();
        return;
      case 'language':
        this.state.locale = this.state.locale === 'id' ? 'en' : 'id';
        this.say('core.language_set');
        if (frame) this.reprompt();
        else this.menu();
        return;
      case 'cancel': {
        if (!frame) {
          this.say('core.nothing_to_cancel');
          this.menu();
          return;
        }
        const def = this.reg.flows.get(frame.name);
        if (def?.onCancel) {
          this.apply(def, frame, def.onCancel(this.ctx, frame.data, frame.step));
          return;
        }
        this.endFlow(frame);
        this.say('core.cancelled');
        this.menu();
        return;
      }
      case 'back': {
        if (!frame) {
          this.menu();
          return;
        }
        const prevStep = frame.history.pop();
        if (prevStep === undefined) this.say('core.back_first');
        else frame.step = prevStep;
        this.reprompt();
        return;
      }
    }
  }

  private findTrigger(word: string, text: string): { flow: string; rest: string } | undefined {
    if (!word) return undefined;
    const inFlow = this.state.flow !== undefined;
    for (const def of this.reg.flows.values()) {
      for (const trig of def.triggers ?? []) {
        if (inFlow && !trig.anywhere) continue;
        if (trig.adminOnly && !this.base.isAdmin) continue;
        for (const w of trig.words) {
          if (word === w || word.startsWith(`${w} `)) {
            // Keep the original spelling of what follows (a ticket, a broadcast text).
            const rest = text
              .trim()
              .replace(/^\/?\S+(@\w+)?/, '')
              .trim();
            return { flow: def.name, rest: w.includes(' ') ? word.slice(w.length).trim() : rest };
          }
        }
      }
    }
    return undefined;
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
    if (tr.replies) this.replies.push(...tr.replies);
    if (tr.effects) this.effects.push(...tr.effects);
    if (tr.error) this.say(tr.error.key, tr.error.vars);
    if (tr.data) frame.data = tr.data;
    if (tr.to === 'end') {
      this.endFlow(frame);
      if (tr.then) this.startFlow(tr.then.flow, tr.then.args ?? {}, false);
      return;
    }
    if (tr.to !== null && tr.to !== frame.step) {
      if (!def.steps[tr.to]) throw new Error(`flow ${def.name}: no step "${tr.to}"`);
      frame.history.push(frame.step);
      frame.step = tr.to;
    }
    const show = tr.prompt ?? (tr.to !== null || tr.error !== undefined);
    if (show) this.replies.push(...def.steps[frame.step]!.prompt(this.ctx, frame.data));
  }

  /**
   * Starts a flow. When it was started over another flow and ends at once (a one-shot like
   * `berhenti`), the interrupted flow carries on; when it opens steps, the old one is left.
   */
  private startFlow(name: string, args: StartArgs, interrupting: boolean): void {
    const def = this.reg.flows.get(name);
    if (!def) return this.menu();
    const outer = interrupting ? this.state.flow : undefined;
    const parked = this.state.parked?.[name];
    const tr = def.start(this.ctx, parked ? { ...args, parked } : args);
    if (tr.to === 'end' || tr.to === null) {
      if (tr.replies) this.replies.push(...tr.replies);
      if (tr.effects) this.effects.push(...tr.effects);
      if (tr.error) this.say(tr.error.key, tr.error.vars);
      if (tr.then) return this.startFlow(tr.then.flow, tr.then.args ?? {}, interrupting);
      if (outer && outer.name !== name) this.reprompt();
      return;
    }
    if (outer && outer.name !== name) this.leaveFlow();
    if (parked && this.state.parked) delete this.state.parked[name];
    const frame: FlowFrame = {
      name,
      version: def.version,
      step: tr.to,
      data: {},
      history: [],
      startedAt: this.base.now.toISOString(),
    };
    this.state.flow = frame;
    if (!def.steps[tr.to]) throw new Error(`flow ${name}: start goes to unknown step "${tr.to}"`);
    if (tr.replies) this.replies.push(...tr.replies);
    if (tr.effects) this.effects.push(...tr.effects);
    if (tr.data) frame.data = tr.data;
    if (tr.prompt ?? true) this.replies.push(...def.steps[tr.to]!.prompt(this.ctx, frame.data));
  }

  /** Leaves the current flow; a flow that parks keeps its frame to offer resuming later. */
  private leaveFlow(): void {
    const frame = this.state.flow;
    if (!frame) return;
    const def = this.reg.flows.get(frame.name);
    if (def?.parkOnLeave) this.state.parked = { ...this.state.parked, [frame.name]: frame };
    delete this.state.flow;
  }

  private endFlow(frame: FlowFrame): void {
    if (this.state.flow === frame) delete this.state.flow;
    if (this.state.parked?.[frame.name]) delete this.state.parked[frame.name];
  }

  reprompt(): void {
    const frame = this.state.flow;
    if (!frame) return this.menu();
    const def = this.reg.flows.get(frame.name);
    const stepDef = def?.steps[frame.step];
    if (!stepDef) return this.menu();
    this.replies.push(...stepDef.prompt(this.ctx, frame.data));
  }

  menu(): void {
    this.replies.push(menuMessage(this.reg, this.state.locale, this.base.isAdmin));
  }
}

export function menuMessage(reg: FlowRegistry, locale: Locale, isAdmin: boolean): Outbound {
  const items = [...reg.flows.values()]
    .flatMap((f) => (f.menu && (!f.menu.adminOnly || isAdmin) ? [{ ...f.menu, flow: f.name }] : []))
    .sort((a, b) => a.order - b.order);
  return {
    text: t('core.menu', locale),
    choices: [
      ...items.map((m) => ({ id: `m:${m.flow}`, label: t(m.labelKey, locale) })),
      { id: 'core:help', label: t('core.menu_help', locale) },
      { id: 'core:language', label: t('core.menu_language', locale) },
    ],
  };
}
