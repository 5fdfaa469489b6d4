import { t } from '../src/content/copy';
import { defineFlow, type FlowCtx, type FlowData, type Transition } from '../src/core/flow';
import type { Outbound } from '../src/core/message';

declare module '../src/core/effects' {
  interface EffectMap {
    /** Turns broadcasts on or off for the contact who wrote. */
    'broadcast.subscription': { on: boolean };
  }
}

function subscribe(ctx: FlowCtx): Transition {
  const replies: Outbound[] = [
    { text: t(ctx.contact.subscribed ? 'broadcast.already_subscribed' : 'broadcast.subscribed', ctx.locale) },
  ];
  if (ctx.channel === 'console') replies.push({ text: t('broadcast.unsupported_channel', ctx.locale) });
  return {
    to: 'end',
    replies,
    effects: ctx.contact.subscribed ? [] : [{ type: 'broadcast.subscription', on: true }],
  };
}

function unsubscribe(ctx: FlowCtx): Transition {
  if (!ctx.contact.subscribed)
    return { to: 'end', replies: [{ text: t('broadcast.not_subscribed', ctx.locale) }] };
  return {
    to: 'end',
    replies: [{ text: t('broadcast.unsubscribed', ctx.locale) }],
    effects: [{ type: 'broadcast.subscription', on: false }],
  };
}

/**
 * `langganan` subscribes, from anywhere (a one-shot: a flow in progress carries on after it).
 * From the menu ("Langganan info") it says what subscribers get and offers both ways.
 */
export const subscribeFlow = defineFlow<FlowData>({
  name: 'subscribe',
  version: 1,
  triggers: [{ list: 'broadcast.subscribe' }],
  menu: { id: 'subscribe', labelKey: 'broadcast.menu', order: 40 },
  start(ctx, args) {
    if (args.rest !== undefined) return subscribe(ctx);
    return { to: 'info' };
  },
  steps: {
    info: {
      prompt: (ctx) => [
        {
          text: `${t('broadcast.info', ctx.locale)}\n${ctx.contact.subscribed ? t('broadcast.info_subscribed', ctx.locale) : ''}`.trim(),
          choices: [
            ctx.contact.subscribed
              ? { id: 'subscribe:off', label: t('broadcast.choice_unsubscribe', ctx.locale) }
              : { id: 'subscribe:on', label: t('broadcast.choice_subscribe', ctx.locale) },
            { id: 'core:menu', label: t('broadcast.choice_back', ctx.locale) },
          ],
        },
      ],
      handle(ctx, input) {
        if (input.choice === 'subscribe:on') return subscribe(ctx);
        if (input.choice === 'subscribe:off') return unsubscribe(ctx);
        return { to: null, error: { key: 'core.bad_answer' } };
      },
    },
  },
});

/**
 * `berhenti` / `stop` / `unsubscribe` work in any state and take precedence over the flow in
 * progress, which then carries on with its question shown again.
 */
export const unsubscribeFlow = defineFlow<FlowData>({
  name: 'unsubscribe',
  version: 1,
  triggers: [{ list: 'broadcast.unsubscribe' }],
  start: (ctx) => unsubscribe(ctx),
  steps: {},
});
