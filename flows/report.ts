import type { Config } from '../src/config';
import type { Json } from '../src/core/flow';
import { type Answer, defineForm, type Field, type FieldCtx } from '../src/core/form';
import type { Choice, Outbound } from '../src/core/message';
import {
  BAWASLU_DAYS,
  BEHAVIOURS,
  CATEGORIES,
  type Category,
  type Draft,
  daysBetween,
  PLATFORMS,
  questionCount,
  type RegionRef,
  SEQUENCES,
} from '../src/reports/draft';
import { ocrTextFor, storeEvidenceEffect } from '../src/reports/evidence';
import { checkChronology, checkContact, checkSentence, checkShort } from '../src/reports/fields';
import { extractLinks } from '../src/reports/links';
import { extractHints } from '../src/reports/ocr';
import { reportsToday } from '../src/reports/store';
import { fieldValue } from '../src/reports/summary';
import { parseWhen } from '../src/reports/when';

/**
 * The guided report, declared as a form (src/core/form.ts): each field below is a question with its
 * prompt, its parser, the condition under which it is asked (the order per category), and its label
 * in the review. The form runtime asks, checks, reviews, edits, goes back, confirms `batal`, parks
 * and resumes; confirming emits `report.submit`, whose handler writes the report and the ticket.
 *
 * Other flows hand over with `start(reportFlow, { category, files })` (files already stored, by
 * sha256): the screenshot flow does.
 */

/** What other flows may hand over when they start a report. */
export type ReportInput = { category?: Category; files?: string[] };

type C = Pick<Config, 'REPORTS_PER_DAY'>;
type Ctx = FieldCtx<C>;
type ReportField = Field<Draft, C>;

/** What the loader reads before each step: OCR text of the draft's files, today's report count. */
type Loaded = { ocr?: string; today?: number };

const OCR_PREVIEW = 300;

function loadedOf(c: Ctx): Loaded {
  const l = c.loaded;
  if (!l || typeof l !== 'object' || Array.isArray(l)) return {};
  const ocr = typeof l.ocr === 'string' && l.ocr.trim() ? l.ocr.trim() : undefined;
  const today = typeof l.today === 'number' ? l.today : undefined;
  return { ...(ocr ? { ocr } : {}), ...(today !== undefined ? { today } : {}) };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > OCR_PREVIEW ? `${flat.slice(0, OCR_PREVIEW)}…` : flat;
}

const ok = (data: Draft, extra: { replies?: Outbound[]; next?: string } = {}): Answer<Draft> => ({
  ok: true,
  data,
  ...extra,
});
const no = (key: string, vars?: Record<string, string | number>): Answer<Draft> => ({
  ok: false,
  key,
  ...(vars ? { vars } : {}),
});

function withFile(d: Draft, sha: string): { data: Draft; added: boolean } {
  const files = d.files ?? [];
  if (files.includes(sha)) return { data: d, added: false };
  return { data: { ...d, files: [...files, sha] }, added: true };
}

function intro(c: Ctx, category: Category): Outbound {
  const { count, minutes } = questionCount(category);
  return c.say('report.intro', { count, minutes });
}

/** How the review shows one field: the same wording as the admin view and the hand-off summary. */
const shown =
  (key: string) =>
  (c: Ctx, d: Draft): string | undefined =>
    fieldValue(key, d, c.locale);

/** A short text or "tidak tahu" (who, agency). */
function shortOrUnknown(key: 'who' | 'agency', promptKey: (d: Draft) => string, badKey: string): ReportField {
  return {
    key,
    label: `report.field.${key}`,
    maxLength: 150,
    show: shown(key),
    prompt: (c, d) => [
      c.say(promptKey(d), {}, [c.choice('unknown', 'report.choice.unknown', c.words('report.unknown'))]),
    ],
    parse(_c, input, d) {
      if (input.choice === 'unknown') return ok({ ...d, [key]: null });
      const r = checkShort(input.text, 2, 150, badKey);
      return r.ok ? ok({ ...d, [key]: r.value }) : no(r.key);
    },
  };
}

function platformChoices(c: Ctx): Choice[] {
  return PLATFORMS.map((p) => c.choice(p, `report.platform.${p}`, c.words(`report.platform_${p}`)));
}

function hintsOf(ocr: string | undefined): { links: string[]; tags: string[] } {
  if (!ocr) return { links: [], tags: [] };
  const h = extractHints(ocr);
  const links = [...new Set([...h.links, ...extractLinks(ocr)])].slice(0, 10);
  return { links, tags: [...new Set([...h.hashtags, ...h.handles])].slice(0, 10) };
}

/** On the console there is no attach button: say how to send a file. */
function fileHint(c: Ctx): Outbound[] {
  return c.channel === 'console' ? [c.say('console.file_hint')] : [];
}

function regionRef(r: RegionRef): RegionRef {
  return { code: r.code, name: r.name, province: r.province };
}

const category: ReportField = {
  key: 'category',
  label: 'report.field.category',
  editable: false,
  show: (c, d) => (d.category ? c.t(`report.cat.${d.category}`) : undefined),
  prompt: (c) => [
    c.say(
      'report.category',
      {},
      CATEGORIES.map((x) => c.choice(x, `report.cat.${x}`)),
    ),
  ],
  parse(c, input, d) {
    const picked = CATEGORIES.find((x) => x === input.choice);
    if (!picked) return no('report.category_pick');
    return ok({ ...d, category: picked }, { replies: [intro(c, picked)] });
  },
};

const what: ReportField = {
  key: 'what',
  label: 'report.field.what',
  maxLength: 500,
  show: shown('what'),
  prompt: (c) => [
    c.say(
      'report.what',
      {},
      // Short labels on the buttons; the full descriptions go in the message (Choice.detail).
      BEHAVIOURS.map((b) => ({
        ...c.choice(`b:${b}`, `report.behaviour.${b}`),
        detail: c.t(`report.behaviour_detail.${b}`),
      })),
    ),
  ],
  parse(_c, input, d) {
    const b = BEHAVIOURS.find((x) => `b:${x}` === input.choice);
    if (b) return ok({ ...d, behaviour: b, behaviourText: undefined });
    const r = checkSentence(input.text, 3, 'report.what_bad');
    if (!r.ok) return no(r.key);
    return ok({ ...d, behaviour: 'free', behaviourText: r.value });
  },
};

const platform: ReportField = {
  key: 'platform',
  label: 'report.field.platform',
  show: shown('platform'),
  prompt: (c, d) => [
    c.say(d.category === 'hoax' ? 'report.platform_hoax' : 'report.platform', {}, platformChoices(c)),
  ],
  parse(_c, input, d) {
    const p = PLATFORMS.find((x) => x === input.choice);
    return p ? ok({ ...d, platform: p }) : no('report.platform_pick');
  },
};

const links: ReportField = {
  key: 'links',
  label: 'report.field.links',
  show: shown('links'),
  prompt(c, d) {
    const out: Outbound[] = [];
    const choices: Choice[] = [];
    const found = hintsOf(loadedOf(c).ocr);
    if (found.links.length || found.tags.length) {
      out.push(c.say('report.links_from_image', { found: [...found.links, ...found.tags].join(' ') }));
      choices.push(c.choice('ocr', 'report.choice.use_image_links'));
    }
    choices.push(c.choice('none', 'report.choice.no_link', c.words('report.no_link')));
    out.push(c.say(d.platform === 'offline' ? 'report.links_offline' : 'report.links', {}, choices));
    return out;
  },
  parse(c, input, d) {
    if (input.choice === 'ocr') {
      const found = hintsOf(loadedOf(c).ocr);
      if (!found.links.length && !found.tags.length) return no('report.links_bad');
      return ok({ ...d, links: found.links, tags: found.tags });
    }
    if (input.choice === 'none') {
      const allowed = d.platform === 'offline' || d.platform === 'other' || (d.files?.length ?? 0) > 0;
      if (!allowed && c.channel === 'console') {
        // The console has no attach button: the reason, how to attach there, and the question again.
        return { ok: 'again', replies: [c.say('report.links_needed'), c.say('console.file_hint')] };
      }
      if (!allowed) return no('report.links_needed');
      return ok({ ...d, links: [] });
    }
    const found = extractLinks(input.text ?? '');
    if (!found.length) return no('report.links_bad');
    const tags = (input.text ?? '').match(/(?<![\w/])[#@][\p{L}\p{N}_.]{2,}/gu) ?? [];
    return ok(
      { ...d, links: found.slice(0, 10), tags: [...new Set(tags)].slice(0, 10) },
      { replies: [c.say('report.links_saved', { n: Math.min(found.length, 10) })] },
    );
  },
};

const when: ReportField = {
  key: 'when',
  label: 'report.field.when',
  maxLength: 200,
  show: shown('when'),
  prompt: (c) => [c.say('report.when')],
  parse(c, input, d) {
    const r = parseWhen(input.text ?? '', c.now);
    if (!r.ok) return no(r.key, r.vars);
    const next: Draft = { ...d, when: r.date, whenApprox: r.approximate === true };
    const age = daysBetween(r.date, c.now);
    const replies =
      age > BAWASLU_DAYS && d.category !== 'hoax'
        ? [c.say('report.when_old', { days: age, limit: BAWASLU_DAYS })]
        : [];
    return ok(next, { replies });
  },
};

const where: ReportField = {
  key: 'where',
  label: 'report.field.where',
  maxLength: 120,
  show: shown('where'),
  prompt(c, d) {
    if (d.whereGuess) {
      const place = `${d.whereGuess.name}, ${d.whereGuess.province}`;
      return [
        c.say('report.where_confirm', { place }, [
          c.choice('guess_yes', 'report.choice.where_yes', c.words('core.yes')),
          c.choice('guess_no', 'report.choice.where_no', c.words('core.no')),
        ]),
      ];
    }
    const opts = d.whereOptions ?? [];
    if (opts.length) {
      return [
        c.say('report.where_which', {}, [
          ...opts.map((r) => ({ id: `r:${r.code}`, label: `${r.name}, ${r.province}` })),
          c.choice('other_place', 'report.choice.other_place'),
        ]),
      ];
    }
    return [
      c.say('report.where', {}, [c.choice('unknown', 'report.choice.unknown', c.words('report.unknown'))]),
    ];
  },
  parse(c, input, d) {
    const clear = { whereOptions: undefined, whereGuess: undefined };
    if (d.whereGuess && input.choice === 'guess_yes') return ok({ ...d, where: d.whereGuess, ...clear });
    if (input.choice === 'guess_no') {
      return { ok: 'again', data: { ...d, ...clear }, replies: [c.say('report.where_retry')], prompt: false };
    }
    if (input.choice?.startsWith('r:')) {
      const picked = (d.whereOptions ?? []).find((r) => `r:${r.code}` === input.choice);
      if (picked) return ok({ ...d, where: picked, ...clear });
    }
    if (input.choice === 'other_place') return { ok: 'again', data: { ...d, ...clear } };
    if (input.choice === 'unknown') return ok({ ...d, where: null, ...clear });
    const typed = checkShort(input.text, 3, 120, 'report.where_bad');
    if (!typed.ok) return no(typed.key);
    const regions = c.services.regions;
    if (!regions) return ok({ ...d, where: { text: typed.value }, ...clear });
    const m = regions.match(typed.value);
    if (m.kind === 'one') return ok({ ...d, where: regionRef(m.region), ...clear });
    if (m.kind === 'choices' && m.options.length === 1) {
      return { ok: 'again', data: { ...d, ...clear, whereGuess: regionRef(m.options[0]!) } };
    }
    if (m.kind === 'choices') {
      return { ok: 'again', data: { ...d, ...clear, whereOptions: m.options.slice(0, 8).map(regionRef) } };
    }
    if (m.province) return no('report.where_in_province', { province: m.province });
    return no('report.where_unknown');
  },
};

const evidence: ReportField = {
  key: 'evidence',
  label: 'report.field.evidence',
  acceptsMedia: true,
  show: shown('evidence'),
  prompt(c, d) {
    const n = d.files?.length ?? 0;
    const choices: Choice[] = [];
    if (n) choices.push(c.choice('done', 'report.choice.evidence_done', c.words('report.evidence_done')));
    choices.push(c.choice('skip', 'report.choice.no_evidence', c.words('report.no_evidence')));
    return [c.say(n ? 'report.evidence_more' : 'report.evidence', { n }, choices), ...fileHint(c)];
  },
  parse(c, input, d) {
    if (input.media) return attach(c, input.media, d);
    if (input.choice === 'done' && (d.files?.length ?? 0) > 0)
      return ok({ ...d, noEvidenceReason: undefined });
    if (input.choice === 'skip') return ok(d, { next: 'evidence_reason' });
    return no((d.files?.length ?? 0) > 0 ? 'report.evidence_more_bad' : 'report.evidence_bad');
  },
};

const evidenceReason: ReportField = {
  key: 'evidence_reason',
  partOf: 'evidence',
  maxLength: 500,
  prompt: (c) => [c.say('report.evidence_reason')],
  parse(_c, input, d) {
    const r = checkSentence(input.text, 2, 'report.evidence_reason_bad');
    return r.ok ? ok({ ...d, noEvidenceReason: r.value }) : no(r.key);
  },
};

/** A step whose text can come from the screenshot's OCR ("Pakai teks dari gambar"). */
function fromImage(askKey: (d: Draft) => string, offerKey: string): ReportField['prompt'] {
  return (c, d) => {
    const ocr = loadedOf(c).ocr;
    if (!ocr) return [c.say(askKey(d))];
    return [
      c.say(askKey(d)),
      c.say(offerKey, { text: preview(ocr) }, [c.choice('ocr', 'report.choice.use_image_text')]),
    ];
  };
}

const chronology: ReportField = {
  key: 'chronology',
  label: 'report.field.chronology',
  maxLength: 3000,
  show: shown('chronology'),
  prompt: fromImage(
    (d) => (d.category === 'asn' ? 'report.chronology' : 'report.chronology_other'),
    'report.chronology_from_image',
  ),
  parse(c, input, d) {
    if (input.choice === 'ocr') {
      const ocr = loadedOf(c).ocr;
      if (!ocr) return no('report.chrono_short');
      return ok(
        { ...d, chronology: ocr.slice(0, 3000) },
        { replies: [c.say('report.chronology_used_image')] },
      );
    }
    const r = checkChronology(input.text, c.words('report.offtopic'));
    return r.ok ? ok({ ...d, chronology: r.value }) : no(r.key);
  },
};

const claim: ReportField = {
  key: 'claim',
  label: 'report.field.claim',
  maxLength: 1000,
  show: shown('claim'),
  prompt: fromImage(() => 'report.claim', 'report.claim_from_image'),
  parse(c, input, d) {
    if (input.choice === 'ocr') {
      const ocr = loadedOf(c).ocr;
      return ocr ? ok({ ...d, claim: preview(ocr) }) : no('report.claim_bad');
    }
    const r = checkSentence(input.text, 3, 'report.claim_bad');
    return r.ok ? ok({ ...d, claim: r.value }) : no(r.key);
  },
};

const why: ReportField = {
  key: 'why',
  label: 'report.field.why',
  maxLength: 1000,
  show: shown('why'),
  prompt: (c) => [c.say('report.why', {}, [c.choice('unsure', 'report.choice.unsure')])],
  parse(_c, input, d) {
    if (input.choice === 'unsure') return ok({ ...d, whyFalse: null });
    const r = checkSentence(input.text, 3, 'report.why_bad');
    return r.ok ? ok({ ...d, whyFalse: r.value }) : no(r.key);
  },
};

const identity: ReportField = {
  key: 'identity',
  label: 'report.field.identity',
  show: shown('identity'),
  prompt: (c) => [
    c.say('report.identity', {}, [
      c.choice('anon', 'report.choice.anonymous', c.words('report.anonymous')),
      c.choice('named', 'report.choice.named', c.words('report.named')),
    ]),
  ],
  parse(_c, input, d) {
    if (input.choice === 'anon') return ok({ ...d, reporter: { anonymous: true } });
    if (input.choice === 'named') return ok(d, { next: 'identity_name' });
    return no('report.identity_pick');
  },
};

const identityName: ReportField = {
  key: 'identity_name',
  partOf: 'identity',
  maxLength: 80,
  prompt: (c) => [c.say('report.identity_name')],
  parse(_c, input, d) {
    const r = checkShort(input.text, 2, 80, 'report.name_bad');
    if (!r.ok) return no(r.key);
    return ok({ ...d, reporter: { anonymous: false, name: r.value } }, { next: 'identity_contact' });
  },
};

const identityContact: ReportField = {
  key: 'identity_contact',
  partOf: 'identity',
  maxLength: 120,
  prompt: (c) => [
    c.say('report.identity_contact', {}, [
      c.choice('skip', 'report.choice.skip_contact', c.words('report.skip_contact')),
    ]),
  ],
  parse(_c, input, d) {
    const name = d.reporter?.name;
    const reporter = { anonymous: false, ...(name ? { name } : {}) };
    if (input.choice === 'skip') return ok({ ...d, reporter });
    const r = checkContact(input.text);
    return r.ok ? ok({ ...d, reporter: { ...reporter, contact: r.value } }) : no(r.key);
  },
};

const consent: ReportField = {
  key: 'consent',
  prompt: (c) => [
    c.say('report.consent', {}, [
      c.choice('agree', 'report.choice.agree', [...c.words('core.yes'), ...c.words('report.agree')]),
      c.choice('disagree', 'report.choice.disagree', c.words('report.disagree')),
    ]),
  ],
  parse(_c, input, d) {
    if (input.choice === 'agree') return ok({ ...d, consent: true });
    if (input.choice === 'disagree') return no('report.consent_needed');
    return no('report.consent_pick');
  },
};

/** A file sent anywhere in the report: kept once, attached to the draft. */
function attach(c: Ctx, media: Parameters<typeof storeEvidenceEffect>[0], d: Draft): Answer<Draft> {
  const { data, added } = withFile(d, media.sha256);
  if (!added) return { ok: 'again', data, replies: [c.say('report.file_again')] };
  return {
    ok: 'again',
    data,
    effects: [storeEvidenceEffect(media)],
    replies: [c.say('report.file_attached', { n: data.files?.length ?? 0 })],
  };
}

export const reportFlow = defineForm<Draft, ReportInput, 'REPORTS_PER_DAY'>({
  name: 'report',
  version: 2,
  config: ['REPORTS_PER_DAY'],
  menu: { id: 'report', labelKey: 'report.menu', order: 20 },
  triggers: [{ list: 'report.start' }],
  answersQuestions: true,
  // A discarded draft's files are deleted at once, unless someone else sent them too (privacy).
  onDiscard: (d) => (d.files?.length ? [{ type: 'evidence.discard', sha256s: d.files }] : []),
  fields: [
    category,
    shortOrUnknown(
      'who',
      (d) =>
        d.category === 'asn'
          ? 'report.who_asn'
          : d.category === 'money'
            ? 'report.who_money'
            : 'report.who_other',
      'report.who_bad',
    ),
    shortOrUnknown('agency', () => 'report.agency', 'report.agency_bad'),
    what,
    platform,
    links,
    when,
    where,
    evidence,
    evidenceReason,
    chronology,
    claim,
    why,
    identity,
    identityName,
    identityContact,
    consent,
  ],
  // The questions differ by category (draft.ts SEQUENCES, which the admin summary shares).
  order: (d) => (d.category ? ['category', ...SEQUENCES[d.category]] : ['category']),
  copy: {
    review: 'report.review',
    reviewPick: 'report.review_pick',
    send: 'report.choice.send',
    edit: 'report.choice.edit',
    discard: 'report.choice.discard',
    editPick: 'report.edit_pick',
    editPickBad: 'report.edit_pick_bad',
    cancelConfirm: 'report.cancel_confirm',
    cancelPick: 'report.cancel_pick',
    discardYes: 'report.choice.discard_yes',
    discardNo: 'report.choice.discard_no',
    discarded: 'report.discarded',
    kept: 'report.kept',
    resumed: 'report.resumed',
    parked: 'report.parked',
  },

  begin(c, args) {
    const files = (args.input?.files ?? []).filter((s) => /^[0-9a-f]{64}$/i.test(s));
    const picked = CATEGORIES.find((x) => x === args.input?.category);
    const data: Draft = { contactId: c.contactId, ...(files.length ? { files } : {}) };
    if (picked) {
      return { data: { ...data, category: picked }, replies: [intro(c, picked)], at: SEQUENCES[picked][0] };
    }
    return { data, replies: [c.say('report.welcome')] };
  },

  resumePrompt: (c, d) => c.t('report.resume', { category: c.t(`report.cat.${d.category ?? 'asn'}`) }),

  merge(_c, d, args) {
    const files = [...new Set([...(d.files ?? []), ...(args.input?.files ?? [])])];
    return files.length ? { ...d, files } : d;
  },

  onFile: (c, media, d) => attach(c, media, d),

  submit(c, d) {
    const today = loadedOf(c).today ?? 0;
    if (today >= c.config.REPORTS_PER_DAY) {
      return { refused: [c.say('report.cooldown', { max: c.config.REPORTS_PER_DAY })] };
    }
    const { whereOptions: _w, whereGuess: _g, ...draft } = d;
    return { effects: [{ type: 'report.submit', draft: draft as { [k: string]: Json }, locale: c.locale }] };
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
});
