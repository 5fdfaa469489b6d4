import { createInterface } from 'node:readline';
import { renderConsole } from '../channels/console/render';
import { toPlainText } from '../core/markup';
import type { Locale } from '../core/message';
import { replyTo } from './answer';
import { defaultIndex } from './service';

/**
 * `npm run ask -- "boleh ga pns like postingan capres"` prints the reply as a user sees it.
 * `npm run ask -- --json` reads one question per line on stdin and writes one JSON object per line:
 * {"question","topic","verdict","confidence","answer","sources","kind","actor","outcome"}. `topic` and
 * `verdict` are null for every reply that is not a verdict (small talk, refusal, clarifying question,
 * decline); `kind` is what kind of message it was (chitchat, creation, partisan, claim, rule,
 * sanction, report, offtopic), `actor` whom it was about, `outcome` what the bot did (answer,
 * clarify, unsure, unknown_claim, offtopic, partisan, creation, chitchat). This output is a public
 * interface: keep its fields stable, add new ones at the end.
 * Options: `--lang en` answers in English; `--hoax` treats every line as a claim to check.
 */

export interface AskJson {
  question: string;
  topic: string | null;
  verdict: string | null;
  confidence: number;
  answer: string;
  sources: string[];
  kind: string;
  actor: string;
  outcome: string;
}

export function askJson(question: string, locale: Locale = 'id', hoax = false): AskJson {
  const r = replyTo(defaultIndex(), question, locale, { hoax });
  const topic = r.topic;
  return {
    question,
    topic: topic?.id ?? null,
    verdict: topic?.verdict ?? null,
    confidence: r.result.confidence,
    answer: topic ? topic.answer[locale] : r.messages.map((m) => toPlainText(m.text)).join('\n'),
    sources: topic ? topic.sources : [],
    kind: r.kind,
    actor: r.actor,
    outcome: r.result.kind,
  };
}

async function main(argv: string[]): Promise<void> {
  const flags = new Set(argv.filter((a) => a === '--json' || a === '--hoax'));
  const langAt = argv.indexOf('--lang');
  const locale: Locale = langAt >= 0 && argv[langAt + 1] === 'en' ? 'en' : 'id';
  const words = argv.filter((a, i) => !a.startsWith('--') && !(langAt >= 0 && i === langAt + 1));
  const hoax = flags.has('--hoax');

  if (flags.has('--json')) {
    const lines = words.length
      ? [words.join(' ')]
      : createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const q = line.trim();
      if (q) process.stdout.write(`${JSON.stringify(askJson(q, locale, hoax))}\n`);
    }
    return;
  }
  const question = words.join(' ').trim();
  if (!question) {
    console.error(
      'usage: npm run ask -- "question" | npm run ask -- --json < questions.txt  [--lang en] [--hoax]',
    );
    process.exitCode = 2;
    return;
  }
  const r = replyTo(defaultIndex(), question, locale, { hoax });
  console.log(r.messages.map((m) => renderConsole(m, false)).join('\n\n'));
}

await main(process.argv.slice(2));
