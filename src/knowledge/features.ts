import { type Lexicon, normalizeWords, stem } from './normalize';

/**
 * What the learned models see of a message: stemmed words and word pairs, after slang, plus (for
 * the refusal model) a length bucket and whether a question mark was typed, marked with '#'.
 */
export function messageFeatures(text: string, lex: Lexicon): readonly string[] {
  // The relative, refusal and topic models all read the message a search is answering, one after
  // another: the words are normalised and stemmed once.
  if (last?.text === text && last.lex === lex) return last.features;
  const features = featuresOf(text, lex);
  last = { text, lex, features };
  return features;
}

let last: { text: string; lex: Lexicon; features: readonly string[] } | undefined;

function featuresOf(text: string, lex: Lexicon): string[] {
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
export function wordFeatures(text: string, lex: Lexicon): readonly string[] {
  return messageFeatures(text, lex).filter((f) => !f.startsWith('#'));
}

/**
 * A learned model's feature table, checked row by row in a plain loop: zod on each of its tens of
 * thousands of rows cost ~0.3 s at every process start (each bot process, each test that spawns one).
 */
export function checkedFeatures<R>(
  file: string,
  features: Record<string, unknown>,
  isRow: (row: unknown) => row is R,
  what: string,
): Record<string, R> {
  const checked: Record<string, R> = {};
  for (const [feature, row] of Object.entries(features)) {
    if (!isRow(row)) throw new Error(`${file}: feature "${feature}" is not ${what}`);
    checked[feature] = row;
  }
  return checked;
}
