import { and, desc, gte } from 'drizzle-orm';
import type { EffectHandler } from '../core/dispatcher';
import type { Queryable } from '../db/client';
import { qaGaps } from '../db/schema';
import { hashId } from '../log';
import { buildLexicon, type Lexicon, searchTerms } from './normalize';

/**
 * The gap inbox: what the bot could not answer well, kept so the team knows what to write next.
 * Declined questions, the topic a user chose when asked "which one?", "neither", and 👎 are stored
 * with the question for admins and the sender as a salted hash. `listGaps` groups similar questions
 * (shared search words) and ranks the groups by how often they come; `npm run qa -- gaps` and the
 * admin dashboard both call it.
 */

/** The pseudonym a gap keeps of its sender (the user key is `channel:platform id`). */
export function gapSender(userKey: string): string {
  return hashId(userKey);
}

export const GAP_REASONS = ['declined', 'clarified', 'picked', 'neither', 'unhelpful'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

declare module '../core/effects' {
  interface EffectMap {
    /** A question the Q&A could not answer well (see src/knowledge/gaps.ts). */
    'qa.gap': {
      reason: GapReason;
      question: string;
      topicId: string | null;
      kind: string | null;
      actor: string | null;
      locale: string;
    };
  }
}

export const storeGap: EffectHandler<'qa.gap'> = async (effect, env) => {
  await env.tx.insert(qaGaps).values({
    reason: effect.reason,
    question: effect.question.slice(0, 2000),
    topicId: effect.topicId,
    kind: effect.kind,
    actor: effect.actor,
    locale: effect.locale,
    senderHash: gapSender(env.userKey),
  });
  return undefined;
};

export interface GapGroup {
  /** How many times questions like these came in. */
  count: number;
  /** How many different senders asked them. */
  senders: number;
  /** The most recent question of the group, then up to two others. */
  examples: string[];
  reasons: Partial<Record<GapReason, number>>;
  /** Topics users chose or marked 👎 for these questions, most frequent first. */
  topics: { id: string; count: number }[];
  lastAt: Date;
}

export interface ListGapsOptions {
  /** Groups to return (default 20). */
  limit?: number;
  since?: Date;
  /** Rows to read, newest first (default 5000). */
  scan?: number;
  /** Share of search words two questions must have in common to be grouped (default 0.5). */
  similarity?: number;
}

let lexicon: Lexicon | undefined;

/** The most frequent gaps, similar questions grouped together. */
export async function listGaps(db: Queryable, opts: ListGapsOptions = {}): Promise<GapGroup[]> {
  const rows = await db
    .select()
    .from(qaGaps)
    .where(opts.since ? and(gte(qaGaps.createdAt, opts.since)) : undefined)
    .orderBy(desc(qaGaps.createdAt), desc(qaGaps.id))
    .limit(opts.scan ?? 5000);
  lexicon ??= buildLexicon();
  const lex = lexicon;
  const threshold = opts.similarity ?? 0.5;
  const groups: { terms: Set<string>; rows: typeof rows }[] = [];
  for (const row of rows) {
    const terms = new Set(searchTerms(row.question, lex));
    let home = groups.find((g) => jaccard(g.terms, terms) >= threshold);
    if (!home) {
      home = { terms, rows: [] };
      groups.push(home);
    }
    home.rows.push(row);
  }
  return groups
    .map((g) => {
      const reasons: Partial<Record<GapReason, number>> = {};
      const topics = new Map<string, number>();
      for (const r of g.rows) {
        const reason = r.reason as GapReason;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
        if (r.topicId) topics.set(r.topicId, (topics.get(r.topicId) ?? 0) + 1);
      }
      const examples = [...new Set(g.rows.map((r) => r.question))].slice(0, 3);
      return {
        count: g.rows.length,
        senders: new Set(g.rows.map((r) => r.senderHash)).size,
        examples,
        reasons,
        topics: [...topics].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count),
        lastAt: g.rows[0]!.createdAt,
      };
    })
    .sort((a, b) => b.count - a.count || b.senders - a.senders || b.lastAt.getTime() - a.lastAt.getTime())
    .slice(0, opts.limit ?? 20);
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** One group as lines of text for the CLI. */
export function formatGap(g: GapGroup, rank: number): string {
  const reasons = Object.entries(g.reasons)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const topics = g.topics.length
    ? `  topics: ${g.topics.map((t) => `${t.id} (${t.count})`).join(', ')}\n`
    : '';
  return (
    `${rank}. ${g.count}× from ${g.senders} sender(s), last ${g.lastAt.toISOString().slice(0, 16).replace('T', ' ')} — ${reasons}\n` +
    g.examples.map((q) => `  “${q.replace(/\s+/g, ' ').slice(0, 200)}”\n`).join('') +
    topics
  );
}
