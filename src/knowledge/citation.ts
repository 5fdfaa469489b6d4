import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { CONTENT_DIR } from '../content/paths';
import type { Locale } from '../core/message';

/**
 * Legal citations in the answer's language. Topics cite the law in Indonesian; in English the same
 * citation reads "Law 7/2017 Article 280(3)(h)". The words are data (content/citations.yaml); this
 * module only knows the order of the passes and the shape of an article reference.
 */

const fileSchema = z.object({
  structure: z.object({
    article: z.string().min(1),
    paragraph: z.string().min(1),
    letter: z.string().min(1),
    number: z.string().min(1),
    article_en: z.string().min(1),
  }),
  phrases: z.record(z.string(), z.string()),
  terms: z.record(z.string(), z.string()),
});

export type CitationTable = z.infer<typeof fileSchema>;

export function loadCitationTable(file = join(CONTENT_DIR, 'citations.yaml')): CitationTable {
  const parsed = fileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`content/citations.yaml: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';

type Translator = (text: string) => string;

function translator(table: CitationTable): Translator {
  const longestFirst = (o: Record<string, string>) =>
    Object.entries(o).sort((a, b) => b[0].length - a[0].length);
  const phrases = longestFirst(table.phrases).map(
    ([id, en]) => [new RegExp(escapeRe(id), 'gu'), en] as const,
  );
  const terms = longestFirst(table.terms).map(
    ([id, en]) => [new RegExp(`${B}${escapeRe(id)}${/\p{L}$/u.test(id) ? E : ''}`, 'gu'), en] as const,
  );
  const s = table.structure;
  // "280 ayat (3)" → "280(3)"; "(3) huruf h" → "(3)(h)"; "h angka 1" → "(h)(1)": a reference part glued
  // to the number or part before it. What is left ("dan ayat (4)") loses only the word.
  const after = '(\\d+[A-Z]?|\\))';
  const paragraph = new RegExp(`${after}\\s+${escapeRe(s.paragraph)}\\s+\\(`, 'gu');
  const letter = new RegExp(`${after}\\s+${escapeRe(s.letter)}\\s+([a-z])${E}`, 'gu');
  const number = new RegExp(`${after}\\s+${escapeRe(s.number)}\\s+(\\d+)`, 'gu');
  const looseParagraph = new RegExp(`${B}${escapeRe(s.paragraph)}\\s+\\(`, 'gu');
  const article = new RegExp(`${B}${escapeRe(s.article)}${E}`, 'gu');
  return (text) => {
    let out = text;
    for (const [re, en] of phrases) out = out.replace(re, en);
    for (let i = 0; i < 3; i++) {
      out = out.replace(paragraph, '$1(').replace(letter, '$1($2)').replace(number, '$1($2)');
    }
    out = out.replace(looseParagraph, '(').replace(article, s.article_en);
    for (const [re, en] of terms) out = out.replace(re, en);
    return out;
  };
}

let english: Translator | undefined;

/** A citation as it reads in `locale` (Indonesian is the original and is returned as it is). */
export function citation(text: string, locale: Locale): string {
  if (locale === 'id') return text;
  english ??= translator(loadCitationTable());
  return english(text);
}

/** For tests: a translator over another table. */
export function citationWith(table: CitationTable): (text: string) => string {
  return translator(table);
}
