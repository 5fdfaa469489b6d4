import { eq, sql } from 'drizzle-orm';
import type { EffectHandler } from '../core/dispatcher';
import { contacts } from '../db/schema';
import { hashId } from '../log';

export const subscriptionEffect: EffectHandler<'broadcast.subscription'> = async (effect, env) => {
  await env.tx
    .update(contacts)
    .set(
      effect.on
        ? { subscribed: true, subscribedAt: sql`now()`, unsubscribedAt: null }
        : { subscribed: false, unsubscribedAt: sql`now()` },
    )
    .where(eq(contacts.id, env.contact.id));
  env.log.info({ user: hashId(env.userKey), on: effect.on }, 'subscription changed');
  return undefined;
};
