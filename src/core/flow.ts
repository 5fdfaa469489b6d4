import type { z } from 'zod';
import type { Config } from '../config';
import type { Content } from '../content/content';
import type { Tx } from '../db/client';
import type { Effect } from './effects';
import type { ChannelName, Choice, Inbound, Locale, MediaKind, Outbound } from './message';

/** Answers a question typed in the middle of another flow, or returns null when not confident. */
export interface InlineAnswerer {
  answerInline(text: string, ctx: FlowCtx): Outbound[] | null;
}

/** Pure services a step may consult (in-memory indexes and the like); features augment this. */
export interface Services {
  qa?: InlineAnswerer;
}

export interface ContactInfo {
  id: number;
  subscribed: boolean;
}

export interface FlowCtx {
  locale: Locale;
  now: Date;
  channel: ChannelName;
  userKey: string;
  isAdmin: boolean;
  contact: ContactInfo;
  config: Config;
  services: Services;
  /** What the current flow's `load` read from the database before this step (see FlowDef.load). */
  loaded?: Json;
  /** Copy and word lists; the step runtime always sets it (from the registry) before a flow runs. */
  content?: Content;
}

/** A file after the dispatcher fetched and checked it: type decided by content, never by name. */
export interface PreparedMedia {
  kind: MediaKind;
  /** Detected from the bytes (file-type); undefined when the type is unknown. */
  mime?: string;
  ext?: string;
  size: number;
  sha256: string;
  fileName?: string;
  bytes: Uint8Array;
  /** Set when the file was refused (too big, wrong type); a copy key explaining why. */
  refused?: { key: string; vars?: Record<string, string | number> };
}

export interface StepInput {
  text?: string;
  /** The text was longer than MAX_TEXT_LENGTH and was cut. */
  truncated?: boolean;
  choice?: string;
  media?: PreparedMedia;
  context?: Inbound['context'];
}

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type FlowData = { [k: string]: Json | undefined };

/** Where a flow's step leads. `to: 'end'` finishes the flow; `to: null` stays on the same step. */
export interface Transition<D extends FlowData = FlowData> {
  to: string | 'end' | null;
  data?: D;
  replies?: Outbound[];
  effects?: Effect[];
  /** Show the target step's prompt after the replies (default: true when moving or staying after an error). */
  prompt?: boolean;
  /** After ending, start this flow (build it with `start(flow, input)` for a typed hand-off). */
  then?: Handoff;
  /** A refused answer: the runtime shows this copy key in the user's language, then the step again. */
  error?: { key: string; vars?: Record<string, string | number> };
  /** Drop every parked frame too (a deletion request: no draft may outlive it in the session). */
  forget?: boolean;
}

export interface StartArgs<A extends FlowData = FlowData> {
  /** The words after a trigger, e.g. the ticket in `cek PN-7K3M-Q9`. */
  rest?: string;
  /** A button that starts the flow (a menu entry, or one of the flow's own `keepsButtons` ids). */
  choice?: string;
  media?: PreparedMedia;
  text?: string;
  /** What another flow hands over (`start(reportFlow, { category, files })`), typed by the target flow. */
  input?: A;
  context?: Inbound['context'];
  /** Set by the core's resume question: continue the parked frame, or start afresh. */
  offer?: 'continue' | 'fresh';
}

/** "Start this flow next, with this": what `Transition.then` carries. */
export interface Handoff {
  flow: string;
  args?: StartArgs;
}

export interface StepDef<D extends FlowData = FlowData> {
  prompt(ctx: FlowCtx, data: D): Outbound[];
  handle(ctx: FlowCtx, input: StepInput, data: D): Transition<D>;
  /** Whether this step wants files itself; otherwise the flow's onMedia (or a polite refusal) gets them. */
  acceptsMedia?: boolean;
  /**
   * The flow's work is done here; it stays only to take its own buttons and follow-up text (an answer
   * with "more detail" and 👍/👎). Nothing counts as in progress: commands and global words act as on
   * a fresh chat, leaving never parks, and the step's prompt is never shown again.
   */
  settled?: boolean;
}

export interface Trigger {
  /** Words or phrases (lower case) or `/commands` that start the flow; `rest` gets what follows. */
  words?: string[];
  /** A word list in content/words (e.g. `report.start`), read when matching, never at import. */
  list?: string;
  /**
   * In the middle of another flow a command counts only typed alone (`lapor`), with a leading `/`,
   * or followed by words like these (`cek PN-7K3M-Q9`); otherwise the text is that flow's answer.
   */
  rest?: RegExp;
  /** Kept for compatibility: every trigger now works from any state (see `rest`). */
  anywhere?: boolean;
  adminOnly?: boolean;
}

export interface FlowDef<D extends FlowData = FlowData, A extends FlowData = FlowData> {
  name: string;
  /** Bump when the shape of `data` or the step names change: old sessions restart politely. */
  version: number;
  steps: Record<string, StepDef<D>>;
  start(ctx: FlowCtx, args: StartArgs<A>): Transition<D>;
  triggers?: Trigger[];
  /**
   * Choice ids `<name>:…` stay valid after their message has scrolled away (an old answer's 👍):
   * such a tap starts the flow with `args.choice`, even in the middle of another flow.
   */
  keepsButtons?: boolean;
  /** Offering a parked frame back ("Lanjutkan laporan sebelumnya?"); the core asks, the flow words it. */
  resume?: {
    /** The question; default `core.resume_offer`. */
    prompt?(ctx: FlowCtx, data: D): string;
    /** Said when the user continues; default `core.resumed`. */
    resumed?(ctx: FlowCtx, data: D): string;
    /** What a start that found a parked frame brings into it (e.g. files from a screenshot). */
    merge?(ctx: FlowCtx, data: D, args: StartArgs<A>): D;
  };
  /** A short name for what is kept when the flow is parked, as a copy key ("laporan Anda"). */
  parkedKey?: string;
  /** An entry on the main menu. */
  menu?: { id: string; labelKey: string; order: number; adminOnly?: boolean };
  /** A file sent at a step that does not take files (e.g. a report attaches it wherever it is). */
  onMedia?(ctx: FlowCtx, media: PreparedMedia, data: D, step: string): Transition<D>;
  /** `batal`: default ends the flow; a flow can ask for confirmation first. */
  onCancel?(ctx: FlowCtx, data: D, step: string): Transition<D>;
  /** Keep the unfinished frame when the user leaves with `menu`, to offer resuming it later. */
  parkOnLeave?: boolean;
  /** A free-text question at a step that cannot parse it is answered by Q&A, then the step continues. */
  answersQuestions?: boolean;
  /**
   * Reads what the next step needs from the database (e.g. OCR text of the draft's files) inside the
   * message's transaction, before the pure step runs; the result arrives as `ctx.loaded`.
   * Loaders read, steps decide, effects write.
   */
  load?(q: Tx, data: D, step: string): Promise<Json | undefined>;
}

export interface FlowFrame {
  name: string;
  version: number;
  step: string;
  data: FlowData;
  history: string[];
  startedAt: string;
}

export const SESSION_VERSION = 1;

export interface SessionState {
  v: number;
  locale: Locale;
  flow?: FlowFrame;
  parked?: Record<string, FlowFrame>;
  /** The choices last shown, so a typed "2" or "lapor" resolves to a choice id. */
  choices?: Choice[];
  /** The process that last handled this session and when, to notice a restart (see FlowRegistry.boot). */
  seen?: { boot: string; at: string };
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds flows of every data shape
export type AnyFlow = FlowDef<any, any>;

/** Typed identity: lets a flow file declare its data shape (and what it accepts from others) once. */
export function defineFlow<D extends FlowData, A extends FlowData = FlowData>(
  def: FlowDef<D, A>,
): FlowDef<D, A> {
  return def;
}

/** A typed hand-off to another flow: `then: start(reportFlow, { category: 'asn', files })`. */
export function start<A extends FlowData>(
  // biome-ignore lint/suspicious/noExplicitAny: any data shape; only the input type matters here
  flow: FlowDef<any, A>,
  input: A,
  extra: Omit<StartArgs<A>, 'input'> = {},
): Handoff {
  return { flow: flow.name, args: { ...extra, input } as StartArgs };
}

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; key: string; vars?: Record<string, string | number> };

/**
 * A step that asks one thing and checks the answer with a zod schema whose messages are copy keys,
 * so a bad answer gets the schema's message in the user's language and the same step again.
 */
export function ask<D extends FlowData, T>(opts: {
  prompt: (ctx: FlowCtx, data: D) => Outbound[];
  schema: (ctx: FlowCtx, data: D) => z.ZodType<T>;
  save: (data: D, value: T, ctx: FlowCtx) => D;
  next: string | ((data: D, value: T) => string);
  acceptsMedia?: boolean;
}): StepDef<D> {
  return {
    prompt: opts.prompt,
    acceptsMedia: opts.acceptsMedia ?? false,
    handle(ctx, input, data) {
      const r = opts.schema(ctx, data).safeParse(input);
      if (!r.success) {
        return badAnswer(r.error.issues[0]?.message);
      }
      const next = typeof opts.next === 'string' ? opts.next : opts.next(data, r.data);
      return { to: next, data: opts.save(data, r.data, ctx) };
    },
  };
}

/** Marks a transition as a refused answer; the runtime renders `key` in the user's language. */
export function badAnswer<D extends FlowData>(
  key: string | undefined,
  vars?: Record<string, string | number>,
): Transition<D> {
  // zod's own English messages (a schema without a copy key) become the generic "not understood".
  const isKey = key !== undefined && /^[a-z][\w-]*\.[\w.-]+$/.test(key);
  return { to: null, error: { key: isKey ? key : 'core.bad_answer', ...(vars ? { vars } : {}) } };
}
