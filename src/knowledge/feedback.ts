import type { EffectHandler } from '../core/dispatcher';
import { qaFeedback } from '../db/schema';

declare module '../core/effects' {
  interface EffectMap {
    /** 👍/👎 on an answer, kept to find weak answers and gaps in the content. */
    'qa.feedback': { topicId: string; question: string | null; helpful: boolean };
  }
}

export const storeFeedback: EffectHandler<'qa.feedback'> = async (effect, env) => {
  await env.tx.insert(qaFeedback).values({
    contactId: env.contact.id,
    topicId: effect.topicId,
    question: effect.question,
    helpful: effect.helpful,
  });
  return undefined;
};
