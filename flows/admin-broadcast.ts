import { loadSubscriberTable } from '../src/broadcast/admin';
import { AUDIENCE_KEYS, type AudienceKey, audienceOf, isAudienceKey } from '../src/broadcast/audience';
import { AUDIENCE_LABELS, type CountTable, countsFor, summaryText, totalOf } from '../src/broadcast/summary';
import { t } from '../src/content/copy';
import { defineFlow, type FlowCtx, type FlowData, type Transition } from '../src/core/flow';
import type { Choice } from '../src/core/message';

declare module '../src/core/effects' {
  interface EffectMap {
    /** A non-admin reached an admin command or button: logged with a hashed id. */
    'admin.refused': { command: string };
    /** Keeps the image of the admin's draft in `broadcasts.image` (never in session data). */
    'broadcast.draft_image': { mime: string; bytes: Uint8Array };
    /** Saves the draft's text and audience and shows the preview exactly as recipients get it. */
    'broadcast.preview': { text: string; audience: AudienceKey; withImage: boolean };
    'broadcast.start': Record<never, never>;
    'broadcast.discard': Record<never, never>;
    'broadcast.status': Record<never, never>;
    'broadcast.cancel': Record<never, never>;
  }
}

type Data = {
  text?: string;
  image?: { sha256: string; mime: string };
  audience?: AudienceKey;
};

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** Every step and every button checks again: admin rights come from configuration and can change. */
export function refuse<D extends FlowData = Data>(ctx: FlowCtx, command: string): Transition<D> {
  return {
    to: 'end',
    replies: [{ text: t('admin.refused', ctx.locale) }],
    effects: [{ type: 'admin.refused', command }],
  };
}

function table(ctx: FlowCtx): CountTable {
  return (ctx.loaded as CountTable | undefined) ?? {};
}

function confirmChoices(ctx: FlowCtx): Choice[] {
  return [
    { id: 'siaran:send', label: t('broadcast.choice_send', ctx.locale) },
    { id: 'siaran:edit', label: t('broadcast.choice_edit', ctx.locale) },
    { id: 'siaran:cancel', label: t('broadcast.choice_cancel', ctx.locale) },
  ];
}

/** `/siaran`: compose (text, optional image, audience, preview, confirm); `/siaran status`; `/siaran batal`. */
export const adminBroadcastFlow = defineFlow<Data>({
  name: 'siaran',
  version: 1,
  triggers: [{ words: ['siaran', 'broadcast'], adminOnly: true, rest: /^(status|batal|cancel)$/i }],
  // A command in the middle of composing keeps the draft; `/siaran` offers it back.
  parkOnLeave: true,
  parkedKey: 'broadcast.parked',
  load: (q) => loadSubscriberTable(q),
  start(ctx, args) {
    if (!ctx.isAdmin) return refuse(ctx, 'siaran');
    const sub = (args.rest ?? '').trim().toLowerCase();
    if (sub === 'status') return { to: 'end', effects: [{ type: 'broadcast.status' }] };
    if (sub === 'batal' || sub === 'cancel') return { to: 'end', effects: [{ type: 'broadcast.cancel' }] };
    return { to: 'text', data: {} };
  },
  onCancel(ctx) {
    if (!ctx.isAdmin) return refuse(ctx, 'siaran:batal');
    return { to: 'end', effects: [{ type: 'broadcast.discard' }] };
  },
  steps: {
    text: {
      acceptsMedia: true,
      prompt: (ctx) => [{ text: t('broadcast.ask_text', ctx.locale) }],
      handle(ctx, input, data) {
        if (!ctx.isAdmin) return refuse(ctx, 'siaran:text');
        const text = input.text?.trim();
        if (input.media) {
          if (!input.media.mime || !IMAGE_TYPES.includes(input.media.mime))
            return { to: null, error: { key: 'broadcast.image_only_images' } };
          const image = { sha256: input.media.sha256, mime: input.media.mime };
          const effects: Transition<Data>['effects'] = [
            { type: 'broadcast.draft_image', mime: input.media.mime, bytes: input.media.bytes },
          ];
          if (!text)
            return {
              to: null,
              data: { ...data, image },
              effects,
              replies: [{ text: t('broadcast.image_saved', ctx.locale) }],
            };
          return { to: 'audience', data: { ...data, text, image }, effects };
        }
        if (!text) return { to: null, error: { key: 'broadcast.need_text' } };
        return { to: data.image ? 'audience' : 'image', data: { ...data, text } };
      },
    },
    image: {
      acceptsMedia: true,
      prompt: (ctx) => [
        {
          text: t('broadcast.ask_image', ctx.locale),
          choices: [{ id: 'siaran:no_image', label: t('broadcast.choice_no_image', ctx.locale) }],
        },
      ],
      handle(ctx, input, data) {
        if (!ctx.isAdmin) return refuse(ctx, 'siaran:image');
        if (input.choice === 'siaran:no_image') {
          const { image: _drop, ...rest } = data;
          return { to: 'audience', data: rest };
        }
        if (input.media) {
          if (!input.media.mime || !IMAGE_TYPES.includes(input.media.mime))
            return { to: null, error: { key: 'broadcast.image_only_images' } };
          return {
            to: 'audience',
            data: { ...data, image: { sha256: input.media.sha256, mime: input.media.mime } },
            effects: [{ type: 'broadcast.draft_image', mime: input.media.mime, bytes: input.media.bytes }],
          };
        }
        return { to: null, error: { key: 'broadcast.ask_image' } };
      },
    },
    audience: {
      prompt: (ctx) => [
        {
          text: t('broadcast.ask_audience', ctx.locale),
          choices: AUDIENCE_KEYS.map((k) => ({
            id: `siaran:aud:${k}`,
            label: t(AUDIENCE_LABELS[k], ctx.locale, {
              count: totalOf(countsFor(table(ctx), audienceOf(k))),
            }),
          })),
        },
      ],
      handle(ctx, input, data) {
        if (!ctx.isAdmin) return refuse(ctx, 'siaran:audience');
        const key = input.choice?.startsWith('siaran:aud:') ? input.choice.slice(11) : '';
        if (!isAudienceKey(key)) return { to: null, error: { key: 'core.bad_answer' } };
        if (totalOf(countsFor(table(ctx), audienceOf(key))) === 0)
          return { to: null, error: { key: 'broadcast.no_recipients' } };
        return {
          to: 'confirm',
          data: { ...data, audience: key },
          // The preview carries the image, which only an effect can read: it shows preview and question.
          prompt: false,
          effects: [
            { type: 'broadcast.preview', text: data.text ?? '', audience: key, withImage: !!data.image },
          ],
        };
      },
    },
    confirm: {
      prompt: (ctx, data) => [
        {
          text: summaryText(
            countsFor(table(ctx), audienceOf(data.audience ?? 'all')),
            ctx.config,
            ctx.locale,
          ),
          choices: confirmChoices(ctx),
        },
      ],
      handle(ctx, input) {
        if (!ctx.isAdmin) return refuse(ctx, input.choice ?? 'siaran:confirm');
        switch (input.choice) {
          case 'siaran:send':
            return { to: 'end', effects: [{ type: 'broadcast.start' }] };
          case 'siaran:edit':
            return { to: 'text', data: {} };
          case 'siaran:cancel':
            return { to: 'end', effects: [{ type: 'broadcast.discard' }] };
          default:
            return { to: null, error: { key: 'core.bad_answer' } };
        }
      },
    },
  },
});
