import { sql } from 'drizzle-orm';
import type { EffectHandler } from '../core/dispatcher';
import { qaDaily, qaFeedback } from '../db/schema';

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

declare module '../core/effects' {
  interface EffectMap {
    /** A question answered with a topic: one more in today's count (WIB). */
    'qa.answered': Record<never, never>;
  }
}

/** The day in WIB (UTC+7, no daylight saving), as the dashboard's charts group by. */
export const wibDay = (d: Date): string => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

export const countAnswered: EffectHandler<'qa.answered'> = async (_e, env) => {
  await env.tx
    .insert(qaDaily)
    .values({ day: wibDay(env.now), answered: 1 })
    .onConflictDoUpdate({ target: qaDaily.day, set: { answered: sql`${qaDaily.answered} + 1` } });
  return undefined;
};
