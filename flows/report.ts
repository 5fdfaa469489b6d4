import { type CopyVars, t } from '../src/content/copy';
import { words } from '../src/content/words';
import { matchChoice } from '../src/core/choices';
import type { Effect } from '../src/core/effects';
import { defineFlow, type FlowCtx, type Json, type StepDef, type Transition } from '../src/core/flow';
import type { Choice, Outbound } from '../src/core/message';
import { normalizeWord } from '../src/core/text';
import {
  BAWASLU_DAYS,
  BEHAVIOURS,
  CATEGORIES,
  type Category,
  type Draft,
  daysBetween,
  editableFields,
  PLATFORMS,
  questionCount,
  SEQUENCES,
  stepAfter,
} from '../src/reports/draft';
import { ocrTextFor, storeEvidenceEffect } from '../src/reports/evidence';
import { checkChronology, checkContact, checkSentence, checkShort } from '../src/reports/fields';
import { extractLinks } from '../src/reports/links';
import { extractHints } from '../src/reports/ocr';
import { reportsToday } from '../src/reports/store';
import { summaryText } from '../src/reports/summary';
import { parseWhen } from '../src/reports/when';

/**
 * The guided report (issue 4). Every question is a step; a bad answer gets a reason and the same
 * step; files sent at any step are attached; the review can change any field; confirming emits
 * `report.submit`, whose handler writes the report, its first status and the ticket.
 *
 * Start arguments: `args.choice = 'report:<category>'` skips the category question;
 * `args.text = 'evidence:<sha256>[,<sha256>…]'` attaches files already stored (the screenshot flow
 * uses both).
 */

/** What the loader reads before each step: OCR text of the draft's files, today's report count. */
type Loaded = { ocr?: string; today?: number; shared?: number };

const OCR_PREVIEW = 300;

function loadedOf(ctx: FlowCtx): Loaded {
  const l = ctx.loaded;
  if (!l || typeof l !== 'object' || Array.isArray(l)) return {};
  const ocr = typeof l.ocr === 'string' && l.ocr.trim() ? l.ocr.trim() : undefined;
  const today = typeof l.today === 'number' ? l.today : undefined;
  return { ...(ocr ? { ocr } : {}), ...(today !== undefined ? { today } : {}) };
}

function say(ctx: FlowCtx, key: string, vars?: CopyVars, choices?: Choice[]): Outbound {
  return { text: t(key, ctx.locale, vars), ...(choices?.length ? { choices } : {}) };
}

function choice(ctx: FlowCtx, id: string, labelKey: string, aliases?: string[]): Choice {
  return { id, label: t(labelKey, ctx.locale), ...(aliases?.length ? { aliases } : {}) };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > OCR_PREVIEW ? `${flat.slice(0, OCR_PREVIEW)}…` : flat;
}

/** Moves on from `field` (to the next question, or back to the review after an edit). */
function done(field: string, d: Draft, extra: Partial<Transition<Draft>> = {}): Transition<Draft> {
  const to = stepAfter(field, d);
  return { ...extra, to, data: { ...d, editing: false } };
}

function err(key: string, vars?: Record<string, string | number>): Transition<Draft> {
  return { to: null, error: { key, ...(vars ? { vars } : {}) } };
}

/** A discarded draft's files are deleted at once, unless someone else sent them too (privacy). */
function discardFiles(d: Draft): Effect[] {
  return d.files?.length ? [{ type: 'evidence.discard', sha256s: d.files }] : [];
}

function withFile(d: Draft, sha: string): { data: Draft; added: boolean } {
  const files = d.files ?? [];
  if (files.includes(sha)) return { data: d, added: false };
  return { data: { ...d, files: [...files, sha] }, added: true };
}

function filesFromArgs(text: string | undefined): string[] {
  const m = /^evidence:([0-9a-f,]+)$/i.exec(text ?? '');
  return m ? m[1]!.split(',').filter((s) => /^[0-9a-f]{64}$/i.test(s)) : [];
}

function categoryFromArgs(c: string | undefined): Category | undefined {
  const v = c?.startsWith('report:') ? c.slice(7) : undefined;
  return CATEGORIES.find((x) => x === v);
}

function intro(ctx: FlowCtx, category: Category): Outbound {
  const { count, minutes } = questionCount(category);
  return say(ctx, 'report.intro', { count, minutes });
}

function beginCategory(ctx: FlowCtx, d: Draft, category: Category): Transition<Draft> {
  return {
    to: SEQUENCES[category][0]!,
    data: { ...d, category, contactId: ctx.contact.id },
    replies: [intro(ctx, category)],
  };
}

const unknownAliases = () => ['tidak tahu', 'tdk tahu', 'gak tahu', 'ga tau', 'gatau', 'entah', "don't know"];

/** A step asking a short text with a "tidak tahu" choice (who, agency). */
function shortOrUnknown(
  field: 'who' | 'agency',
  promptKey: (d: Draft) => string,
  badKey: string,
): {
  prompt: (ctx: FlowCtx, d: Draft) => Outbound[];
  handle: (ctx: FlowCtx, input: { text?: string; choice?: string }, d: Draft) => Transition<Draft>;
} {
  return {
    prompt: (ctx, d) => [
      say(ctx, promptKey(d), {}, [choice(ctx, 'unknown', 'report.choice.unknown', unknownAliases())]),
    ],
    handle(_ctx, input, d) {
      if (input.choice === 'unknown') return done(field, { ...d, [field]: null });
      const r = checkShort(input.text, 2, 150, badKey);
      if (!r.ok) return err(r.key);
      return done(field, { ...d, [field]: r.value });
    },
  };
}

function platformChoices(ctx: FlowCtx): Choice[] {
  const aliases: Record<string, string[]> = {
    facebook: ['fb', 'face book'],
    instagram: ['ig', 'insta'],
    tiktok: ['tik tok', 'tt'],
    x: ['twitter', 'x.com'],
    whatsapp: ['wa', 'whatsap', 'grup wa'],
    youtube: ['yt', 'you tube'],
    offline: ['offline', 'langsung', 'tatap muka', 'di lapangan', 'in person'],
    other: ['lainnya', 'lain', 'other'],
  };
  return PLATFORMS.map((p) => choice(ctx, p, `report.platform.${p}`, aliases[p]));
}

function fieldChoices(ctx: FlowCtx, d: Draft): Choice[] {
  return editableFields(d.category ?? 'asn').map((f) => choice(ctx, `f:${f}`, `report.field.${f}`));
}

function reviewPrompt(ctx: FlowCtx, d: Draft): Outbound[] {
  return [
    say(ctx, 'report.review', { summary: { raw: summaryText(d, ctx.locale) } }, [
      choice(ctx, 'send', 'report.choice.send', ['kirim', 'send', 'submit']),
      choice(ctx, 'edit', 'report.choice.edit', ['ubah', 'edit', 'ganti']),
      choice(ctx, 'discard', 'report.choice.discard'),
    ]),
  ];
}

/** "ubah waktu", "edit lokasi": the field named after an edit word, or undefined. */
function typedEdit(ctx: FlowCtx, text: string | undefined, d: Draft): string | undefined {
  const w = normalizeWord(text ?? '');
  const verb = words('report.edit').find((v) => w.startsWith(`${v} `));
  if (!verb) return undefined;
  const picked = matchChoice(w.slice(verb.length + 1), fieldChoices(ctx, d));
  return picked?.slice(2);
}

const TRIGGER_WORDS = ['lapor', 'laporkan', 'report', 'pelaporan'];

/**
 * "lapor" typed in the middle of a report (after a restart or a long pause, when the user forgot
 * the draft) offers to continue it rather than being taken as an answer.
 */
function resumable(steps: Record<string, StepDef<Draft>>): Record<string, StepDef<Draft>> {
  return Object.fromEntries(
    Object.entries(steps).map(([name, def]) => [
      name,
      {
        ...def,
        handle(ctx, input, d) {
          const word = input.choice === undefined && input.text ? normalizeWord(input.text) : '';
          if (name !== 'resume' && TRIGGER_WORDS.includes(word)) {
            return { to: 'resume', data: { ...d, resumeStep: name } };
          }
          return def.handle(ctx, input, d);
        },
      } satisfies StepDef<Draft>,
    ]),
  );
}

export const reportFlow = defineFlow<Draft>({
  name: 'report',
  version: 1,
  menu: { id: 'report', labelKey: 'report.menu', order: 20 },
  triggers: [{ words: TRIGGER_WORDS }],
  parkOnLeave: true,
  answersQuestions: true,

  start(ctx, args) {
    const carried = filesFromArgs(args.text);
    const category = categoryFromArgs(args.choice);
    const parked = args.parked;
    if (parked?.data && typeof parked.data.category === 'string') {
      const old = parked.data as Draft;
      const files = [...new Set([...(old.files ?? []), ...carried])];
      return {
        to: 'resume',
        data: {
          ...old,
          files,
          contactId: ctx.contact.id,
          resumeStep: parked.step,
          carry: carried,
          ...(category ? { carryCategory: category } : {}),
        },
      };
    }
    const base: Draft = { contactId: ctx.contact.id, ...(carried.length ? { files: carried } : {}) };
    if (category) return beginCategory(ctx, base, category);
    return { to: 'category', data: base, replies: [say(ctx, 'report.welcome')] };
  },

  async load(q, data, step) {
    const out: { [k: string]: Json } = {};
    const files = data.files ?? [];
    if (files.length && step !== 'review') {
      const texts = await ocrTextFor(q, files);
      const joined = files
        .map((f) => texts[f] ?? '')
        .filter(Boolean)
        .join('\n');
      if (joined.trim()) out.ocr = joined.slice(0, 3000);
    }
    if (step === 'review' && data.contactId !== undefined) {
      out.today = await reportsToday(q, data.contactId);
    }
    return out;
  },

  onMedia(ctx, media, d) {
    const { data, added } = withFile(d, media.sha256);
    if (!added) return { to: null, data, replies: [say(ctx, 'report.file_again')], prompt: true };
    return {
      to: null,
      data,
      effects: [storeEvidenceEffect(media)],
      replies: [say(ctx, 'report.file_attached', { n: data.files?.length ?? 0 })],
      prompt: true,
    };
  },

  onCancel(ctx, d, step) {
    if (step === 'cancel_confirm') {
      return { to: 'end', replies: [say(ctx, 'report.discarded')], effects: discardFiles(d) };
    }
    return { to: 'cancel_confirm', data: { ...d, cancelFrom: step } };
  },

  steps: resumable({
    resume: {
      prompt: (ctx, d) => [
        say(ctx, 'report.resume', { category: t(`report.cat.${d.category ?? 'asn'}`, ctx.locale) }, [
          choice(ctx, 'continue', 'report.choice.continue', words('core.yes')),
          choice(ctx, 'new', 'report.choice.new', ['baru', 'new', 'mulai baru']),
        ]),
      ],
      handle(ctx, input, d) {
        const carry = d.carry ?? [];
        const carryCategory = categoryFromArgs(
          typeof d.carryCategory === 'string' ? `report:${d.carryCategory}` : undefined,
        );
        const { carry: _c, carryCategory: _cc, resumeStep, ...rest } = d;
        if (input.choice === 'continue') {
          const to = typeof resumeStep === 'string' && resumeStep !== 'resume' ? resumeStep : 'category';
          return { to, data: rest, replies: [say(ctx, 'report.resumed')] };
        }
        if (input.choice === 'new') {
          const fresh: Draft = { contactId: ctx.contact.id, ...(carry.length ? { files: carry } : {}) };
          if (carryCategory) return beginCategory(ctx, fresh, carryCategory);
          return { to: 'category', data: fresh };
        }
        return err('report.resume_pick');
      },
    },

    category: {
      prompt: (ctx) => [
        say(
          ctx,
          'report.category',
          {},
          CATEGORIES.map((c) => choice(ctx, c, `report.cat.${c}`)),
        ),
      ],
      handle(ctx, input, d) {
        const c = CATEGORIES.find((x) => x === input.choice);
        if (!c) return err('report.category_pick');
        return beginCategory(ctx, d, c);
      },
    },

    who: shortOrUnknown(
      'who',
      (d) =>
        d.category === 'asn'
          ? 'report.who_asn'
          : d.category === 'money'
            ? 'report.who_money'
            : 'report.who_other',
      'report.who_bad',
    ),
    agency: shortOrUnknown('agency', () => 'report.agency', 'report.agency_bad'),

    what: {
      prompt: (ctx) => [
        say(
          ctx,
          'report.what',
          {},
          BEHAVIOURS.map((b) => choice(ctx, `b:${b}`, `report.behaviour.${b}`)),
        ),
      ],
      handle(_ctx, input, d) {
        const b = BEHAVIOURS.find((x) => `b:${x}` === input.choice);
        if (b) return done('what', { ...d, behaviour: b, behaviourText: undefined });
        const r = checkSentence(input.text, 3, 'report.what_bad');
        if (!r.ok) return err(r.key);
        return done('what', { ...d, behaviour: 'free', behaviourText: r.value.slice(0, 500) });
      },
    },

    platform: {
      prompt: (ctx, d) => [
        say(
          ctx,
          d.category === 'hoax' ? 'report.platform_hoax' : 'report.platform',
          {},
          platformChoices(ctx),
        ),
      ],
      handle(_ctx, input, d) {
        const p = PLATFORMS.find((x) => x === input.choice);
        if (!p) return err('report.platform_pick');
        return done('platform', { ...d, platform: p });
      },
    },

    links: {
      prompt(ctx, d) {
        const out: Outbound[] = [];
        const offline = d.platform === 'offline';
        const choices: Choice[] = [];
        const found = hintsOf(loadedOf(ctx).ocr);
        if (found.links.length || found.tags.length) {
          out.push(say(ctx, 'report.links_from_image', { found: [...found.links, ...found.tags].join(' ') }));
          choices.push(choice(ctx, 'ocr', 'report.choice.use_image_links'));
        }
        choices.push(
          choice(ctx, 'none', 'report.choice.no_link', ['tidak ada', 'ga ada', 'gak ada', 'none', 'no link']),
        );
        out.push(say(ctx, offline ? 'report.links_offline' : 'report.links', {}, choices));
        return out;
      },
      handle(ctx, input, d) {
        if (input.choice === 'ocr') {
          const found = hintsOf(loadedOf(ctx).ocr);
          if (!found.links.length && !found.tags.length) return err('report.links_bad');
          return done('links', { ...d, links: found.links, tags: found.tags });
        }
        if (input.choice === 'none') {
          const allowed = d.platform === 'offline' || d.platform === 'other' || (d.files?.length ?? 0) > 0;
          if (!allowed) return err('report.links_needed');
          return done('links', { ...d, links: [] });
        }
        const links = extractLinks(input.text ?? '');
        if (!links.length) return err('report.links_bad');
        const tags = (input.text ?? '').match(/(?<![\w/])[#@][\p{L}\p{N}_.]{2,}/gu) ?? [];
        return done(
          'links',
          { ...d, links: links.slice(0, 10), tags: [...new Set(tags)].slice(0, 10) },
          {
            replies: [say(ctx, 'report.links_saved', { n: Math.min(links.length, 10) })],
          },
        );
      },
    },

    when: {
      prompt: (ctx) => [say(ctx, 'report.when')],
      handle(ctx, input, d) {
        const r = parseWhen(input.text ?? '', ctx.now);
        if (!r.ok) return err(r.key);
        const next: Draft = { ...d, when: r.date, whenApprox: r.approximate === true };
        const age = daysBetween(r.date, ctx.now);
        const replies =
          age > BAWASLU_DAYS && d.category !== 'hoax'
            ? [say(ctx, 'report.when_old', { days: age, limit: BAWASLU_DAYS })]
            : [];
        return done('when', next, { replies });
      },
    },

    where: {
      prompt(ctx, d) {
        const opts = Array.isArray(d.whereOptions) ? d.whereOptions : [];
        if (opts.length) {
          return [
            say(ctx, 'report.where_which', {}, [
              ...opts.map((r) => ({ id: `r:${r.code}`, label: `${r.name}, ${r.province}` })),
              choice(ctx, 'other_place', 'report.choice.other_place'),
            ]),
          ];
        }
        return [
          say(ctx, 'report.where', {}, [choice(ctx, 'unknown', 'report.choice.unknown', unknownAliases())]),
        ];
      },
      handle(ctx, input, d) {
        const opts = Array.isArray(d.whereOptions) ? d.whereOptions : [];
        if (input.choice?.startsWith('r:')) {
          const picked = opts.find((r) => `r:${r.code}` === input.choice);
          if (picked) return done('where', { ...d, where: picked, whereOptions: undefined });
        }
        if (input.choice === 'other_place')
          return { to: null, data: { ...d, whereOptions: undefined }, prompt: true };
        if (input.choice === 'unknown') return done('where', { ...d, where: null, whereOptions: undefined });
        const typed = checkShort(input.text, 3, 120, 'report.where_bad');
        if (!typed.ok) return err(typed.key);
        const regions = ctx.services.regions;
        if (!regions) return done('where', { ...d, where: { text: typed.value }, whereOptions: undefined });
        const m = regions.match(typed.value);
        if (m.kind === 'one') {
          const r = { code: m.region.code, name: m.region.name, province: m.region.province };
          return done('where', { ...d, where: r, whereOptions: undefined });
        }
        if (m.kind === 'choices') {
          const options = m.options
            .slice(0, 8)
            .map((r) => ({ code: r.code, name: r.name, province: r.province }));
          return { to: null, data: { ...d, whereOptions: options }, prompt: true };
        }
        return err('report.where_unknown');
      },
    },

    evidence: {
      acceptsMedia: true,
      prompt(ctx, d) {
        const n = d.files?.length ?? 0;
        const choices: Choice[] = [];
        if (n)
          choices.push(
            choice(ctx, 'done', 'report.choice.evidence_done', ['selesai', 'lanjut', 'sudah', 'done']),
          );
        choices.push(
          choice(ctx, 'skip', 'report.choice.no_evidence', ['tidak ada', 'ga ada', 'gak ada', 'tidak punya']),
        );
        return [say(ctx, n ? 'report.evidence_more' : 'report.evidence', { n }, choices)];
      },
      handle(ctx, input, d) {
        if (input.media) {
          const { data, added } = withFile(d, input.media.sha256);
          if (!added) return { to: null, data, replies: [say(ctx, 'report.file_again')] };
          return {
            to: null,
            data,
            effects: [storeEvidenceEffect(input.media)],
            replies: [say(ctx, 'report.file_attached', { n: data.files?.length ?? 0 })],
            prompt: true,
          };
        }
        if (input.choice === 'done' && (d.files?.length ?? 0) > 0) {
          return done('evidence', { ...d, noEvidenceReason: undefined });
        }
        if (input.choice === 'skip') return { to: 'evidence_reason', data: d };
        return err((d.files?.length ?? 0) > 0 ? 'report.evidence_more_bad' : 'report.evidence_bad');
      },
    },

    evidence_reason: {
      prompt: (ctx) => [say(ctx, 'report.evidence_reason')],
      handle(_ctx, input, d) {
        const r = checkSentence(input.text, 2, 'report.evidence_reason_bad');
        if (!r.ok) return err(r.key);
        return done('evidence', { ...d, noEvidenceReason: r.value.slice(0, 500) });
      },
    },

    chronology: {
      prompt(ctx, d) {
        const key = d.category === 'asn' ? 'report.chronology' : 'report.chronology_other';
        const ocr = loadedOf(ctx).ocr;
        if (!ocr) return [say(ctx, key)];
        return [
          say(ctx, key),
          say(ctx, 'report.chronology_from_image', { text: preview(ocr) }, [
            choice(ctx, 'ocr', 'report.choice.use_image_text'),
          ]),
        ];
      },
      handle(ctx, input, d) {
        if (input.choice === 'ocr') {
          const ocr = loadedOf(ctx).ocr;
          if (!ocr) return err('report.chrono_short');
          return done(
            'chronology',
            { ...d, chronology: ocr.slice(0, 3000) },
            {
              replies: [say(ctx, 'report.chronology_used_image')],
            },
          );
        }
        const r = checkChronology(input.text);
        if (!r.ok) return err(r.key);
        return done('chronology', { ...d, chronology: r.value });
      },
    },

    claim: {
      prompt(ctx) {
        const ocr = loadedOf(ctx).ocr;
        if (!ocr) return [say(ctx, 'report.claim')];
        return [
          say(ctx, 'report.claim'),
          say(ctx, 'report.claim_from_image', { text: preview(ocr) }, [
            choice(ctx, 'ocr', 'report.choice.use_image_text'),
          ]),
        ];
      },
      handle(ctx, input, d) {
        if (input.choice === 'ocr') {
          const ocr = loadedOf(ctx).ocr;
          if (!ocr) return err('report.claim_bad');
          return done('claim', { ...d, claim: preview(ocr) });
        }
        const r = checkSentence(input.text, 3, 'report.claim_bad');
        if (!r.ok) return err(r.key);
        return done('claim', { ...d, claim: r.value.slice(0, 1000) });
      },
    },

    why: {
      prompt: (ctx) => [say(ctx, 'report.why', {}, [choice(ctx, 'unsure', 'report.choice.unsure')])],
      handle(_ctx, input, d) {
        if (input.choice === 'unsure') return done('why', { ...d, whyFalse: null });
        const r = checkSentence(input.text, 3, 'report.why_bad');
        if (!r.ok) return err(r.key);
        return done('why', { ...d, whyFalse: r.value.slice(0, 1000) });
      },
    },

    identity: {
      prompt: (ctx) => [
        say(ctx, 'report.identity', {}, [
          choice(ctx, 'anon', 'report.choice.anonymous', ['anonim', 'anonymous', 'rahasia', 'tanpa nama']),
          choice(ctx, 'named', 'report.choice.named', ['nama', 'pakai nama', 'cantumkan nama']),
        ]),
      ],
      handle(_ctx, input, d) {
        if (input.choice === 'anon') return done('identity', { ...d, reporter: { anonymous: true } });
        if (input.choice === 'named') return { to: 'identity_name', data: d };
        return err('report.identity_pick');
      },
    },

    identity_name: {
      prompt: (ctx) => [say(ctx, 'report.identity_name')],
      handle(_ctx, input, d) {
        const r = checkShort(input.text, 2, 80, 'report.name_bad');
        if (!r.ok) return err(r.key);
        return { to: 'identity_contact', data: { ...d, reporter: { anonymous: false, name: r.value } } };
      },
    },

    identity_contact: {
      prompt: (ctx) => [
        say(ctx, 'report.identity_contact', {}, [
          choice(ctx, 'skip', 'report.choice.skip_contact', ['lewati', 'skip', 'tidak usah', 'tidak']),
        ]),
      ],
      handle(_ctx, input, d) {
        const name = d.reporter?.name;
        const reporter = { anonymous: false, ...(name ? { name } : {}) };
        if (input.choice === 'skip') return done('identity', { ...d, reporter });
        const r = checkContact(input.text);
        if (!r.ok) return err(r.key);
        return done('identity', { ...d, reporter: { ...reporter, contact: r.value } });
      },
    },

    consent: {
      prompt: (ctx) => [
        say(ctx, 'report.consent', {}, [
          choice(ctx, 'agree', 'report.choice.agree', [...words('core.yes'), 'saya setuju']),
          choice(ctx, 'disagree', 'report.choice.disagree', ['tidak setuju', 'tolak']),
        ]),
      ],
      handle(_ctx, input, d) {
        if (input.choice === 'agree') return { to: 'review', data: { ...d, consent: true, editing: false } };
        if (input.choice === 'disagree') return err('report.consent_needed');
        return err('report.consent_pick');
      },
    },

    review: {
      prompt: reviewPrompt,
      handle(ctx, input, d) {
        if (input.choice === 'send') {
          const today = loadedOf(ctx).today ?? 0;
          if (today >= ctx.config.REPORTS_PER_DAY) {
            return {
              to: null,
              replies: [say(ctx, 'report.cooldown', { max: ctx.config.REPORTS_PER_DAY })],
              prompt: false,
            };
          }
          const { editing: _e, resumeStep: _r, whereOptions: _w, cancelFrom: _c, ...draft } = d;
          return {
            to: 'end',
            effects: [{ type: 'report.submit', draft: draft as { [k: string]: Json }, locale: ctx.locale }],
          };
        }
        if (input.choice === 'edit') return { to: 'edit_pick', data: d };
        if (input.choice === 'discard') return { to: 'cancel_confirm', data: { ...d, cancelFrom: 'review' } };
        const field = typedEdit(ctx, input.text, d);
        if (field) return { to: field, data: { ...d, editing: true } };
        return err('report.review_pick');
      },
    },

    edit_pick: {
      prompt: (ctx, d) => [say(ctx, 'report.edit_pick', {}, fieldChoices(ctx, d))],
      handle(_ctx, input, d) {
        const f = input.choice?.startsWith('f:') ? input.choice.slice(2) : undefined;
        if (!f || !editableFields(d.category ?? 'asn').includes(f)) return err('report.edit_pick_bad');
        return { to: f, data: { ...d, editing: true } };
      },
    },

    cancel_confirm: {
      prompt: (ctx) => [
        say(ctx, 'report.cancel_confirm', {}, [
          choice(ctx, 'yes', 'report.choice.discard_yes', words('core.yes')),
          choice(ctx, 'no', 'report.choice.discard_no', words('core.no')),
        ]),
      ],
      handle(ctx, input, d) {
        if (input.choice === 'yes')
          return { to: 'end', replies: [say(ctx, 'report.discarded')], effects: discardFiles(d) };
        if (input.choice === 'no') {
          const back = typeof d.cancelFrom === 'string' ? d.cancelFrom : 'category';
          const { cancelFrom: _c, ...rest } = d;
          return { to: back, data: rest, replies: [say(ctx, 'report.kept')] };
        }
        return err('report.cancel_pick');
      },
    },
  }),
});

function hintsOf(ocr: string | undefined): { links: string[]; tags: string[] } {
  if (!ocr) return { links: [], tags: [] };
  const h = extractHints(ocr);
  const links = [...new Set([...h.links, ...extractLinks(ocr)])].slice(0, 10);
  return { links, tags: [...new Set([...h.hashtags, ...h.handles])].slice(0, 10) };
}
