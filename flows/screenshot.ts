import { t } from '../src/content/copy';
import { words } from '../src/content/words';
import { defineFlow, start } from '../src/core/flow';
import { ocrTextFor, storeEvidenceEffect } from '../src/reports/evidence';
import { reportFlow } from './report';

/**
 * A photo or document sent outside any flow (the router sends it here with `args.media`): keep the
 * file, then ask what to do with it. The files (by sha256) and the category go to the report flow
 * as a typed hand-off: `start(reportFlow, { category, files })`.
 */
type Data = { files?: string[] };

export const screenshotFlow = defineFlow<Data>({
  name: 'screenshot',
  version: 1,
  start(ctx, args) {
    if (!args.media) return { to: 'end', replies: [{ text: t('report.shot_no_file', ctx.locale) }] };
    return { to: 'choose', data: { files: [args.media.sha256] }, effects: [storeEvidenceEffect(args.media)] };
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
      data: { files: [...files, media.sha256] },
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
        if (input.choice === 'asn') {
          // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
          return { to: 'end', then: start(reportFlow, { category: 'asn', files }) };
        }
        if (input.choice === 'hoax') {
          const l = ctx.loaded;
          const ocr =
            l && typeof l === 'object' && !Array.isArray(l) && typeof l.ocr === 'string' ? l.ocr : '';
          const flat = ocr.replace(/\s+/g, ' ').trim();
          const read = flat
            ? t('report.shot_read', ctx.locale, { text: flat.length > 400 ? `${flat.slice(0, 400)}…` : flat })
            : t('report.shot_read_nothing', ctx.locale);
          return {
            to: 'end',
            replies: [{ text: read }],
            // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
            then: start(reportFlow, { category: 'hoax', files }),
          };
        }
        if (input.choice === 'none') {
          // "Tidak jadi": the kept screenshots go at once, unless someone else sent them too (privacy).
          return {
            to: 'end',
            replies: [{ text: t('report.shot_none_ok', ctx.locale) }],
            ...(files.length ? { effects: [{ type: 'evidence.discard', sha256s: files }] } : {}),
          };
        }
        return { to: null, error: { key: 'report.shot_pick' } };
      },
    },
  },
});
