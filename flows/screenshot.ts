import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import { defineFlow, type FlowCtx, start, type Transition } from '../src/core/flow';
import type { Outbound } from '../src/core/message';
import { renderAnswer, replyTo } from '../src/knowledge/answer';
import { defaultIndex } from '../src/knowledge/service';
import { ocrTextFor, storeEvidenceEffect } from '../src/reports/evidence';
import { reportFlow } from './report';

/**
 * A photo or document sent outside any flow (the router sends it here with `args.media`): keep the
 * file, then ask what to do with it. "Check for a hoax" checks the text read from the screenshot
 * (and its caption) as a claim: a known hoax gets its clarification first, then the offer to
 * report; an unknown claim is said to be unknown, plainly, with the same offer. The files (by
 * sha256) and the category go to the report flow as a typed hand-off: `start(reportFlow, { category, files })`.
 */
type Data = { files?: string[]; caption?: string };

const ALIASES_REPORT = ['lapor', 'laporkan', 'ya', 'report'];

function startReport(files: string[], category: 'asn' | 'hoax'): Transition<Data> {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
  return { to: 'end', then: start(reportFlow, { category, files }) };
}

/** "Tidak jadi": the kept screenshots go at once, unless someone else sent them too (privacy). */
function dropFiles(ctx: FlowCtx, data: Data): Transition<Data> {
  const files = data.files ?? [];
  return {
    to: 'end',
    replies: [{ text: t('report.shot_none_ok', ctx.locale) }],
    ...(files.length ? { effects: [{ type: 'evidence.discard', sha256s: files }] } : {}),
  };
}

/** The text to check: what OCR read (once it has run) and the caption sent with the file. */
function claimText(ctx: FlowCtx, data: Data): { ocr: string; all: string } {
  const l = ctx.loaded;
  const ocr = l && typeof l === 'object' && !Array.isArray(l) && typeof l.ocr === 'string' ? l.ocr : '';
  const flat = ocr.replace(/\s+/g, ' ').trim();
  return { ocr: flat, all: [data.caption ?? '', flat].filter(Boolean).join('\n') };
}

/** The claim check: the clarification (or "I don't know this one") before the offer to report. */
function checkClaim(ctx: FlowCtx, data: Data): Outbound[] {
  const { ocr, all } = claimText(ctx, data);
  if (!all) return [{ text: t('qa.shot_nothing_read', ctx.locale) }];
  const index = ctx.services.knowledge ?? defaultIndex();
  const r = replyTo(index, all, ctx.locale, { ocr: true });
  const read = ocr
    ? t('qa.shot_read', ctx.locale, { text: ocr.length > 300 ? `${ocr.slice(0, 300)}…` : ocr })
    : '';
  if (r.topic) {
    return [...(read ? [{ text: read }] : []), renderAnswer(r.topic, ctx.locale, { inline: true })];
  }
  return [{ text: [read, t('qa.shot_unknown', ctx.locale)].filter(Boolean).join('\n') }];
}

export const screenshotFlow = defineFlow<Data>({
  name: 'screenshot',
  version: 2,
  start(ctx, args) {
    if (!args.media) return { to: 'end', replies: [{ text: t('report.shot_no_file', ctx.locale) }] };
    return {
      to: 'choose',
      data: {
        files: [args.media.sha256],
        ...(args.text?.trim() ? { caption: args.text.trim().slice(0, 1000) } : {}),
      },
      effects: [storeEvidenceEffect(args.media)],
    };
  },
  async load(q, data) {
    const files = data.files ?? [];
    if (!files.length) return undefined;
    const texts = await ocrTextFor(q, files);
    const joined = files
      .map((f) => texts[f] ?? '')
      .filter(Boolean)
      .join('\n')
      .trim();
    return joined ? { ocr: joined.slice(0, 3000) } : undefined;
  },
  onMedia(ctx, media, data) {
    const files = data.files ?? [];
    if (files.includes(media.sha256)) return { to: null, prompt: true };
    return {
      to: null,
      data: { ...data, files: [...files, media.sha256] },
      effects: [storeEvidenceEffect(media)],
      replies: [{ text: t('report.file_attached', ctx.locale, { n: files.length + 1 }) }],
      prompt: true,
    };
  },
  steps: {
    choose: {
      prompt: (ctx) => [
        {
          text: t('report.shot_ask', ctx.locale),
          choices: [
            { id: 'asn', label: t('report.shot.asn', ctx.locale), aliases: ['lapor', 'laporkan', 'asn'] },
            { id: 'hoax', label: t('report.shot.hoax', ctx.locale), aliases: ['hoaks', 'hoax', 'cek'] },
            { id: 'none', label: t('report.shot.none', ctx.locale), aliases: words('core.no') },
          ],
        },
      ],
      handle(ctx, input, data) {
        const files = data.files ?? [];
        if (input.choice === 'asn') return startReport(files, 'asn');
        if (input.choice === 'hoax') return { to: 'offer', replies: checkClaim(ctx, data) };
        if (input.choice === 'none') return dropFiles(ctx, data);
        return { to: null, error: { key: 'report.shot_pick' } };
      },
    },
    offer: {
      prompt: (ctx) => [
        {
          text: t('qa.shot_offer', ctx.locale),
          choices: [
            { id: 'report', label: t('qa.shot_offer_yes', ctx.locale), aliases: ALIASES_REPORT },
            { id: 'none', label: t('qa.shot_offer_no', ctx.locale), aliases: words('core.no') },
          ],
        },
      ],
      handle(ctx, input, data) {
        if (input.choice === 'report') return startReport(data.files ?? [], 'hoax');
        if (input.choice === 'none') return dropFiles(ctx, data);
        return { to: null, error: { key: 'qa.shot_offer_pick' } };
      },
    },
  },
});
