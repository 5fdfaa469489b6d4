import { type Lexicon, normalizeWords, stem } from './normalize';

/**
 * What the learned models see of a message: stemmed words and word pairs, after slang, plus (for
 * the refusal model) a length bucket and whether a question mark was typed, marked with '#'.
 */
export function messageFeatures(text: string, lex: Lexicon): string[] {
  const w = normalizeWords(text, lex).map((x) => stem(x));
  const f = new Set<string>();
  for (let i = 0; i < w.length; i++) {
    f.add(w[i]!);
    if (i + 1 < w.length) f.add(`${w[i]}_${w[i + 1]}`);
  }
  f.add(`#len${Math.min(6, Math.floor(Math.log2(w.length + 1)))}`);
  if (text.includes('?')) f.add('#question');
  return [...f];
}

/** The words and pairs only: what a message says, not its shape. */
export function wordFeatures(text: string, lex: Lexicon): string[] {
  return messageFeatures(text, lex).filter((f) => !f.startsWith('#'));
}
