import { distance } from 'fastest-levenshtein';
import type { Choice, Outbound } from './message';
import { normalizeWord } from './text';

function plain(s: string): string {
  return normalizeWord(s)
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Resolves a typed reply to one of the choices last shown: its number, its words, an alias, or a
 * close misspelling. Returns undefined when nothing matches or two choices match equally.
 */
export function matchChoice(text: string, choices: readonly Choice[]): string | undefined {
  const t = plain(text);
  if (!t) return undefined;
  const num = /^(?:no\.? ?|nomor |pilih |opsi )?(\d{1,2})$/.exec(t);
  if (num) return choices[Number(num[1]) - 1]?.id;

  const names = choices.map((c) => ({
    id: c.id,
    names: [c.label, ...(c.detail ? [c.detail] : []), ...(c.aliases ?? [])].map(plain).filter(Boolean),
  }));
  const exact = names.filter((c) => c.names.includes(t));
  if (exact.length === 1) return exact[0]!.id;

  // "lapor" picks "Laporkan pelanggaran": a whole-word prefix unique to one choice.
  const prefix = names.filter((c) =>
    c.names.some((n) => n.split(' ').some((w) => w.length >= 4 && w.startsWith(t) && t.length >= 4)),
  );
  if (prefix.length === 1) return prefix[0]!.id;

  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const c of names) {
    for (const n of c.names) {
      const d = distance(t, n);
      if (d < bestD) {
        bestD = d;
        best = c.id;
        tie = false;
      } else if (d === bestD && best !== c.id) {
        tie = true;
      }
    }
  }
  const allowed = t.length >= 8 ? 2 : t.length >= 4 ? 1 : 0;
  return !tie && bestD <= allowed ? best : undefined;
}

/** The choices of the last message that offers any, which is what a typed number refers to. */
export function lastChoices(replies: readonly Outbound[]): Choice[] | undefined {
  for (let i = replies.length - 1; i >= 0; i--) {
    const c = replies[i]!.choices;
    if (c?.length) return c;
  }
  return undefined;
}
