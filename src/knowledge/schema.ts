import { z } from 'zod';
import { ACTORS, TOPIC_ASKS, TOPIC_DEFAULTS } from './kinds';

/** The shape of one topic file, content/qa/<id>.yaml (see the README section "Q&A"). */

export const RULE_VERDICTS = ['boleh', 'tidak_boleh', 'tergantung'] as const;
export const HOAX_VERDICTS = ['hoaks', 'menyesatkan', 'benar'] as const;
export const VERDICTS = [...RULE_VERDICTS, ...HOAX_VERDICTS] as const;
export type Verdict = (typeof VERDICTS)[number];
/** The verdict that says the opposite: a reply with it where the other was due misleads (harmful). */
export const OPPOSITE_VERDICT: Readonly<Partial<Record<string, Verdict>>> = {
  boleh: 'tidak_boleh',
  tidak_boleh: 'boleh',
  hoaks: 'benar',
  benar: 'hoaks',
};

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case slug like "medsos-like"');
const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.object({ id: text, en: text }).strict();
/** Choice labels fit a phone's button: at most 32 characters. */
export const LABEL_MAX = 32;
const label = z.string().trim().min(1, 'must not be empty').max(LABEL_MAX, `at most ${LABEL_MAX} characters`);
const actor = z.enum(ACTORS.filter((a) => a !== 'none') as [string, ...string[]]);
const questionList = z.array(z.string().trim().min(3, 'a question needs at least 3 characters'));

/** Indonesian is how most users ask, so it needs the most phrasings. */
export const MIN_QUESTIONS = { id: 4, en: 3 } as const;

export const topicSchema = z
  .object({
    id: slug,
    kind: z.enum(['rule', 'hoax']),
    category: slug,
    verdict: z.enum(VERDICTS),
    certainty: z.enum(['verified', 'partial']),
    questions: z
      .object({
        id: questionList.min(MIN_QUESTIONS.id, `needs at least ${MIN_QUESTIONS.id} questions`),
        en: questionList.min(MIN_QUESTIONS.en, `needs at least ${MIN_QUESTIONS.en} questions`),
      })
      .strict(),
    answer: bilingual,
    details: bilingual,
    legal_basis: z.array(z.object({ law: text, article: text.optional() }).strict()),
    sources: z.array(text),
    related: z.array(slug).default([]),
    /** The topic as a button (both languages, at most 32 characters). */
    label: z.object({ id: label, en: label }).strict().optional(),
    /** Whom the topic is about; empty: anyone. Questions about another actor rank it lower. */
    actors: z.array(actor).default([]),
    /** What the topic answers: a rule (default), a penalty, or where and how to report. */
    asks: z.enum(TOPIC_ASKS).default('rule'),
    /** The penalty track, the first line of an answer to "what is the sanction". */
    penalty: bilingual.optional(),
    /**
     * The article that makes this act a crime of its own ("UU 7/2017 Pasal 490"): asked whether it
     * leads to prison, the topic answers itself instead of the Article 494 track for civil servants.
     * Its penalty line must cite it.
     */
    crime: text.optional(),
    /** Where to report and by when, the first line of an answer to "where do I report". */
    channel: bilingual.optional(),
    /**
     * For claims: groups of words, every group must appear in a message for this clarification to
     * answer it (the claim's own entities: "jokowi" and "mandarin", not "deepfake" alone).
     */
    claim: z.array(z.array(text).min(1)).optional(),
    /**
     * For a topic about something specific (a spouse, KASN, a livestream): groups of words, every
     * group must appear in a question for this topic to rank as an answer.
     */
    requires: z.array(z.array(text).min(1)).optional(),
    /**
     * What this topic is the default answer for: an actor's own rule when no topic about the act
     * names that actor ("tni", "kades", …), the general where-to-report answer ("report"), the
     * where-to-report answer for hoaxes ("report-hoax"), the general sanction answer ("sanction"),
     * neutrality as a whole, which a sanction question about turns into a general one ("general"),
     * or soldiers' and police officers' vote, which answers a rumour about it that a true clarification
     * would seem to confirm ("military-vote").
     */
    defaults: z.array(z.enum([...TOPIC_DEFAULTS])).default([]),
    /**
     * For a true clarification that an act is banned ("ASN dilarang like" is true): the words of
     * that act. A rumour that says the act is allowed ("asn aman share konten paslon asal akunnya
     * private, valid ga?") is answered by the rule, whose "Tidak boleh" cannot be misread as
     * confirming it, not by this clarification's "Benar".
     */
    banned_acts: z.array(text).optional(),
  })
  .strict()
  .superRefine((topic, ctx) => {
    const allowed: readonly string[] = topic.kind === 'rule' ? RULE_VERDICTS : HOAX_VERDICTS;
    if (!allowed.includes(topic.verdict)) {
      ctx.addIssue({
        code: 'custom',
        path: ['verdict'],
        message: `a ${topic.kind} topic takes one of: ${allowed.join(', ')}`,
      });
    }
    if (topic.kind === 'rule' && topic.legal_basis.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['legal_basis'],
        message: 'a rule needs at least one legal basis',
      });
    }
    if (topic.kind === 'hoax' && topic.sources.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['sources'], message: 'a hoax clarification needs its source' });
    }
    if (topic.kind === 'hoax' && !topic.claim?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['claim'],
        message: 'a hoax clarification needs the claim words it answers',
      });
    }
    if (topic.crime && !topic.penalty?.id.includes(topic.crime.replace(/^UU \S+ /, ''))) {
      ctx.addIssue({
        code: 'custom',
        path: ['crime'],
        message: "the penalty line must cite the crime's article",
      });
    }
    if (topic.related.includes(topic.id)) {
      ctx.addIssue({ code: 'custom', path: ['related'], message: 'a topic cannot be related to itself' });
    }
  });

export type Topic = z.infer<typeof topicSchema>;
