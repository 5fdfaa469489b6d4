import type { Config } from '../config';
import { defaultContent } from '../content/content';
import type { CopyVars } from '../content/copy';
import type { Tx } from '../db/client';
import { matchChoice } from './choices';
import type { Effect } from './effects';
import type {
  FlowCtx,
  FlowData,
  FlowDef,
  Json,
  PreparedMedia,
  Services,
  StartArgs,
  StepDef,
  StepInput,
  Transition,
  Trigger,
} from './flow';
import type { ChannelName, Choice, Locale, Outbound } from './message';
import { normalizeWord } from './text';

/**
 * Forms: a flow declared as fields. One runtime gives every form the same conversation: each field
 * asked in turn (skipping those whose condition fails), every answer checked by the field's parser
 * (a refusal names the reason and asks again), a review of all answers with send / change / cancel,
 * changing any field from the review and coming back to it, `kembali` to the previous question,
 * `batal` confirmed once, files attached at any question, and parking with "continue?" when the user
 * leaves (the core offers the parked form back).
 *
 * A field sees a `FieldCtx`: the user's language, copy and word lists, and only the configuration
 * values its form declared (`config: ['REPORTS_PER_DAY']`).
 */

export type NumberVars = Record<string, string | number>;

export interface FieldCtx<C> {
  locale: Locale;
  now: Date;
  channel: ChannelName;
  contactId: number;
  config: C;
  services: Services;
  /** What the form's `load` read before this message. */
  loaded: Json | undefined;
  t(key: string, vars?: CopyVars): string;
  words(key: string): string[];
  /** One message of copy, with choices. */
  say(key: string, vars?: CopyVars, choices?: Choice[]): Outbound;
  /** A choice labelled with copy. */
  choice(id: string, labelKey: string, aliases?: string[]): Choice;
}

/** What a field's parser says about one message. */
export type Answer<D> =
  /** Accepted: the form moves on (to `next`, a follow-up question of this field, if given). */
  | { ok: true; data: D; replies?: Outbound[]; effects?: Effect[]; next?: string }
  /** Refused: the reason (a copy key) and the same question again. */
  | { ok: false; key: string; vars?: NumberVars }
  /** Not an answer yet (a file attached, options to pick from): stay, and ask again unless `prompt: false`. */
  | { ok: 'again'; data?: D; replies?: Outbound[]; effects?: Effect[]; prompt?: boolean };

export interface Field<D, C> {
  /** The field's name: its step, its edit choice (`f:<key>`), what `next` and `order` refer to. */
  key: string;
  /** Copy key of its name in the review and in the "what to change" list; none = not shown. */
  label?: string;
  /** Offered in the "what to change" list (default: when it has a label). */
  editable?: boolean;
  /** Asked only when this holds (ignored when the form gives an `order`). */
  when?(d: D): boolean;
  /** A follow-up question of another field (identity → name → contact): asked only through `next`. */
  partOf?: string;
  /** The longest text answer; longer gets `core.too_long` with the limit. */
  maxLength?: number;
  /** The question takes files itself (otherwise the form's `onFile` attaches them). */
  acceptsMedia?: boolean;
  prompt(c: FieldCtx<C>, d: D): Outbound[];
  parse(c: FieldCtx<C>, input: StepInput, d: D): Answer<D>;
  /** The answer as the review shows it (markup); undefined = not answered. */
  show?(c: FieldCtx<C>, d: D): string | undefined;
}

/** Copy keys of the runtime's own questions; defaults in content/copy/form.yaml. */
export interface FormCopy {
  review: string;
  reviewPick: string;
  send: string;
  edit: string;
  discard: string;
  editPick: string;
  editPickBad: string;
  cancelConfirm: string;
  cancelPick: string;
  discardYes: string;
  discardNo: string;
  discarded: string;
  kept: string;
  resumed: string;
  /** What is kept when the form is parked ("laporan Anda"). */
  parked: string;
}

const DEFAULT_COPY: FormCopy = {
  review: 'form.review',
  reviewPick: 'form.review_pick',
  send: 'form.choice_send',
  edit: 'form.choice_edit',
  discard: 'form.choice_discard',
  editPick: 'form.edit_pick',
  editPickBad: 'form.edit_pick_bad',
  cancelConfirm: 'form.cancel_confirm',
  cancelPick: 'form.cancel_pick',
  discardYes: 'form.choice_discard_yes',
  discardNo: 'form.choice_discard_no',
  discarded: 'form.discarded',
  kept: 'form.kept',
  resumed: 'core.resumed',
  parked: 'core.parked_default',
};

/** The runtime's own bookkeeping, kept in the form's data under `_form`. */
export type FormMeta = {
  /** Changing one field from the review: its last question returns to the review. */
  editing?: boolean;
  /** The question `batal` interrupted, to return to when the user keeps the form. */
  cancelFrom?: string;
};

export type FormData<D> = D & { _form?: FormMeta };

export interface FormDef<D extends FlowData, A extends FlowData, K extends keyof Config> {
  name: string;
  version: number;
  /** The configuration values the fields may read; nothing else of the configuration reaches them. */
  config: readonly K[];
  fields: Field<D, Pick<Config, K>>[];
  /** The questions in order for these answers (default: the fields in declaration order, by `when`). */
  order?(d: D): readonly string[];
  /**
   * The data a new form starts with, what to say first, what else happens, and the first question
   * (default: the first in order; a hand-off that already answers some starts further on).
   */
  begin(
    c: FieldCtx<Pick<Config, K>>,
    args: StartArgs<A>,
  ): { data: D; replies?: Outbound[]; effects?: Effect[]; at?: string };
  /** The review's "send": the effects that file it, or a refusal shown at the review. */
  submit(
    c: FieldCtx<Pick<Config, K>>,
    d: D,
  ): { effects?: Effect[]; replies?: Outbound[] } | { refused: Outbound[] };
  /** What a discarded form leaves to clean up (a draft's files, for privacy). */
  onDiscard?(d: D): Effect[];
  /** A file sent at a question that does not take files. */
  onFile?(c: FieldCtx<Pick<Config, K>>, media: PreparedMedia, d: D): Answer<D>;
  /** "Continue the previous …?" when a parked form is offered back; default `core.resume_offer`. */
  resumePrompt?(c: FieldCtx<Pick<Config, K>>, d: D): string;
  /** What a new start brings into a parked form that is continued (files from a screenshot). */
  merge?(c: FieldCtx<Pick<Config, K>>, d: D, args: StartArgs<A>): D;
  copy?: Partial<FormCopy>;
  /** Reads what the next question needs (see FlowDef.load). */
  load?(q: Tx, d: D, step: string): Promise<Json | undefined>;
  menu?: FlowDef['menu'];
  triggers?: Trigger[];
  /** A question typed where an answer was expected is answered by Q&A (see FlowDef.answersQuestions). */
  answersQuestions?: boolean;
}

const REVIEW = 'review';
const EDIT = 'edit';
const CANCEL = 'cancel';

export function fieldCtx<K extends keyof Config>(
  ctx: FlowCtx,
  keys: readonly K[],
): FieldCtx<Pick<Config, K>> {
  const content = ctx.content ?? defaultContent();
  const config = Object.fromEntries(keys.map((k) => [k, ctx.config[k]])) as Pick<Config, K>;
  const t = (key: string, vars?: CopyVars) => content.t(key, ctx.locale, vars);
  return {
    locale: ctx.locale,
    now: ctx.now,
    channel: ctx.channel,
    contactId: ctx.contact.id,
    config,
    services: ctx.services,
    loaded: ctx.loaded,
    t,
    words: (key) => content.words(key),
    say: (key, vars, choices) => ({ text: t(key, vars), ...(choices?.length ? { choices } : {}) }),
    choice: (id, labelKey, aliases) => ({
      id,
      label: t(labelKey),
      ...(aliases?.length ? { aliases } : {}),
    }),
  };
}

function metaOf(d: FlowData): FormMeta {
  const m = d._form;
  return m && typeof m === 'object' && !Array.isArray(m) ? (m as FormMeta) : {};
}

function withMeta<D extends FlowData>(d: D, meta: FormMeta): FormData<D> {
  const clean: FormMeta = {
    ...(meta.editing ? { editing: true } : {}),
    ...(meta.cancelFrom ? { cancelFrom: meta.cancelFrom } : {}),
  };
  const { _form: _drop, ...rest } = d as FormData<D>;
  return (Object.keys(clean).length ? { ...rest, _form: clean } : rest) as FormData<D>;
}

/** The answers without the runtime's bookkeeping. */
export function answersOf<D extends FlowData>(d: FormData<D>): D {
  const { _form: _drop, ...rest } = d;
  return rest as D;
}

/** Turns a form declaration into a flow the core runs like any other. */
export function defineForm<D extends FlowData, A extends FlowData = FlowData, K extends keyof Config = never>(
  def: FormDef<D, A, K>,
): FlowDef<FormData<D>, A> {
  type FD = FormData<D>;
  type C = Pick<Config, K>;
  const copy: FormCopy = { ...DEFAULT_COPY, ...def.copy };
  const byKey = new Map(def.fields.map((f) => [f.key, f]));
  for (const f of def.fields) {
    if ([REVIEW, EDIT, CANCEL].includes(f.key)) throw new Error(`form ${def.name}: "${f.key}" is reserved`);
  }
  const fc = (ctx: FlowCtx) => fieldCtx(ctx, def.config);
  const discarding = (d: FlowData): Effect[] => def.onDiscard?.(answersOf(d as FD)) ?? [];

  /** The questions to ask for these answers, in order. */
  const order = (d: D): string[] =>
    def.order
      ? def.order(d).filter((k) => byKey.has(k))
      : def.fields.filter((f) => !f.partOf && (f.when?.(d) ?? true)).map((f) => f.key);

  const editable = (d: D) =>
    order(d)
      .map((k) => byKey.get(k)!)
      .filter((f) => f.editable ?? f.label !== undefined);

  /** Where to go after `key` was answered: the next question, or the review when changing one field. */
  function after(key: string, d: FD): string {
    if (metaOf(d).editing) return REVIEW;
    const seq = order(answersOf(d));
    const i = seq.indexOf(key);
    return (i >= 0 ? seq[i + 1] : undefined) ?? REVIEW;
  }

  function summary(c: FieldCtx<C>, d: D): string {
    const lines: string[] = [];
    for (const key of order(d)) {
      const f = byKey.get(key)!;
      const v = f.label ? f.show?.(c, d) : undefined;
      if (v !== undefined && f.label) lines.push(`• ${c.t(f.label)}: ${v}`);
    }
    return lines.join('\n');
  }

  /** A field's answer as a transition of the flow. */
  function apply(field: Field<D, C>, r: Answer<D>, d: FD): Transition<FD> {
    if (r.ok === false) return { to: null, error: { key: r.key, ...(r.vars ? { vars: r.vars } : {}) } };
    const meta = metaOf(d);
    if (r.ok === 'again') {
      return {
        to: null,
        ...(r.data ? { data: withMeta(r.data, meta) } : {}),
        ...(r.replies ? { replies: r.replies } : {}),
        ...(r.effects ? { effects: r.effects } : {}),
        prompt: r.prompt ?? true,
      };
    }
    const data = withMeta(r.data, meta);
    const to = r.next ?? after(field.partOf ?? field.key, data);
    return {
      to,
      data: to === REVIEW ? withMeta(r.data, { ...meta, editing: false }) : data,
      ...(r.replies ? { replies: r.replies } : {}),
      ...(r.effects ? { effects: r.effects } : {}),
    };
  }

  function fieldStep(field: Field<D, C>): StepDef<FD> {
    return {
      ...(field.acceptsMedia ? { acceptsMedia: true } : {}),
      prompt: (ctx, d) => field.prompt(fc(ctx), answersOf(d)),
      handle(ctx, input, d) {
        const text = input.choice === undefined ? input.text : undefined;
        if (field.maxLength && text && (input.truncated || text.trim().length > field.maxLength)) {
          return { to: null, error: { key: 'core.too_long', vars: { max: field.maxLength } } };
        }
        return apply(field, field.parse(fc(ctx), input, answersOf(d)), d);
      },
    };
  }

  /** "ubah waktu", "edit lokasi": the field named after an edit word, or undefined. */
  function typedEdit(c: FieldCtx<C>, text: string | undefined, d: D): string | undefined {
    const w = normalizeWord(text ?? '');
    const verb = c.words('core.edit').find((v) => w.startsWith(`${v} `));
    if (!verb) return undefined;
    const choices = editable(d).map((f) => c.choice(`f:${f.key}`, f.label!));
    return matchChoice(w.slice(verb.length + 1), choices)?.slice(2);
  }

  const steps: Record<string, StepDef<FD>> = Object.fromEntries(def.fields.map((f) => [f.key, fieldStep(f)]));

  steps[REVIEW] = {
    prompt(ctx, d) {
      const c = fc(ctx);
      return [
        c.say(copy.review, { summary: { raw: summary(c, answersOf(d)) } }, [
          c.choice('send', copy.send, ['kirim', 'send', 'submit']),
          c.choice('edit', copy.edit, ['ubah', 'edit', 'ganti']),
          c.choice('discard', copy.discard),
        ]),
      ];
    },
    handle(ctx, input, d) {
      const c = fc(ctx);
      const answers = answersOf(d);
      if (input.choice === 'send') {
        const r = def.submit(c, answers);
        if ('refused' in r) return { to: null, replies: r.refused, prompt: false };
        return {
          to: 'end',
          ...(r.effects ? { effects: r.effects } : {}),
          ...(r.replies ? { replies: r.replies } : {}),
        };
      }
      if (input.choice === 'edit') return { to: EDIT };
      if (input.choice === 'discard') return { to: CANCEL, data: withMeta(answers, { cancelFrom: REVIEW }) };
      const field = typedEdit(c, input.text, answers);
      if (field) return { to: field, data: withMeta(answers, { editing: true }) };
      return { to: null, error: { key: copy.reviewPick } };
    },
  };

  steps[EDIT] = {
    prompt(ctx, d) {
      const c = fc(ctx);
      const choices = editable(answersOf(d)).map((f) => c.choice(`f:${f.key}`, f.label!));
      return [c.say(copy.editPick, {}, choices)];
    },
    handle(_ctx, input, d) {
      const key = input.choice?.startsWith('f:') ? input.choice.slice(2) : undefined;
      if (!key || !editable(answersOf(d)).some((f) => f.key === key)) {
        return { to: null, error: { key: copy.editPickBad } };
      }
      return { to: key, data: withMeta(answersOf(d), { editing: true }) };
    },
  };

  steps[CANCEL] = {
    prompt(ctx) {
      const c = fc(ctx);
      return [
        c.say(copy.cancelConfirm, {}, [
          c.choice('yes', copy.discardYes, c.words('core.yes')),
          c.choice('no', copy.discardNo, c.words('core.no')),
        ]),
      ];
    },
    handle(ctx, input, d) {
      const c = fc(ctx);
      if (input.choice === 'yes')
        return { to: 'end', replies: [c.say(copy.discarded)], effects: discarding(d) };
      if (input.choice === 'no') {
        const meta = metaOf(d);
        const back =
          meta.cancelFrom && steps[meta.cancelFrom] ? meta.cancelFrom : (order(answersOf(d))[0] ?? REVIEW);
        return {
          to: back,
          data: withMeta(answersOf(d), { ...meta, cancelFrom: undefined }),
          replies: [c.say(copy.kept)],
        };
      }
      return { to: null, error: { key: copy.cancelPick } };
    },
  };

  return {
    name: def.name,
    version: def.version,
    ...(def.menu ? { menu: def.menu } : {}),
    ...(def.triggers ? { triggers: def.triggers } : {}),
    ...(def.answersQuestions ? { answersQuestions: true } : {}),
    ...(def.load ? { load: (q: Tx, d: FD, step: string) => def.load!(q, answersOf(d), step) } : {}),
    parkOnLeave: true,
    parkedKey: copy.parked,
    steps,

    start(ctx, args) {
      const c = fc(ctx);
      const b = def.begin(c, args);
      let data = b.data as FD;
      const replies = [...(b.replies ?? [])];
      const effects = [...(b.effects ?? [])];
      // A file that came with the command ("lapor" as a photo caption) is attached, not lost.
      if (args.media && def.onFile) {
        const r = def.onFile(c, args.media, b.data);
        if (r.ok !== false) {
          if (r.data) data = r.data as FD;
          replies.push(...(r.replies ?? []));
          effects.push(...(r.effects ?? []));
        }
      }
      const first = b.at && steps[b.at] ? b.at : (order(answersOf(data))[0] ?? REVIEW);
      return { to: first, data, replies, effects };
    },

    onMedia(ctx, media, d) {
      if (!def.onFile) return { to: null, error: { key: 'core.media_not_here' } };
      const r = def.onFile(fc(ctx), media, answersOf(d));
      if (r.ok === 'again' || r.ok === false) {
        if (r.ok === false) return { to: null, error: { key: r.key, ...(r.vars ? { vars: r.vars } : {}) } };
        return {
          to: null,
          ...(r.data ? { data: withMeta(r.data, metaOf(d)) } : {}),
          ...(r.replies ? { replies: r.replies } : {}),
          ...(r.effects ? { effects: r.effects } : {}),
          prompt: r.prompt ?? true,
        };
      }
      return {
        to: null,
        data: withMeta(r.data, metaOf(d)),
        replies: r.replies ?? [],
        effects: r.effects ?? [],
        prompt: true,
      };
    },

    onCancel(ctx, d, step) {
      if (step === CANCEL)
        return { to: 'end', replies: [fc(ctx).say(copy.discarded)], effects: discarding(d) };
      return { to: CANCEL, data: withMeta(answersOf(d), { ...metaOf(d), cancelFrom: step }) };
    },

    resume: {
      prompt: (ctx, d) => def.resumePrompt?.(fc(ctx), answersOf(d)) ?? fc(ctx).t('core.resume_offer'),
      resumed: (ctx) => fc(ctx).t(copy.resumed),
      ...(def.merge
        ? {
            merge: (ctx: FlowCtx, d: FD, args: StartArgs<A>) =>
              withMeta(def.merge!(fc(ctx), answersOf(d), args), metaOf(d)),
          }
        : {}),
    },
  };
}
