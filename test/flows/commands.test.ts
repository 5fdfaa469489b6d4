import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../support/chat';
import { backends } from '../support/db';
import { copy } from '../support/report';

/**
 * Every command from every state: a fresh chat, after an answer (finished: nothing in progress), in
 * the middle of a report, in the middle of composing a broadcast. The same command gives the same
 * reply on a fresh chat and after an answer; in the middle of a flow it parks that flow (saying so)
 * or, for a one-shot, does its job and shows the pending question again.
 */

type State = 'fresh' | 'answered' | 'mid-report' | 'mid-broadcast';
const STATES: State[] = ['fresh', 'answered', 'mid-report', 'mid-broadcast'];

const QUESTION = 'pns boleh like postingan capres?';

/** What each state leaves pending, as the text that shows it. */
const PENDING: Record<State, string | undefined> = {
  fresh: undefined,
  answered: undefined,
  'mid-report': copy('report.agency').slice(0, 40),
  'mid-broadcast': copy('broadcast.ask_text'),
};

interface Command {
  typed: string;
  /** The command's own first reply. */
  first: (state: State) => string;
  /** A one-shot: the flow in progress carries on, its question shown again after the reply. */
  oneShot?: boolean;
  /** Words after the command: in the middle of a flow this is an answer, not a command. */
  answerMidFlow?: boolean;
}

const COMMANDS: Command[] = [
  ...['lapor', '/lapor', 'laporkan', 'saya mau lapor'].map((typed) => ({
    typed,
    first: (s: State) => (s === 'mid-report' ? 'Lanjutkan laporan sebelumnya?' : copy('report.welcome')),
  })),
  { typed: 'mau lapor pns kampanye', first: () => copy('report.welcome'), answerMidFlow: true },
  {
    typed: 'cek PN-2222-22',
    first: () => copy('report.status_not_found', { ticket: 'PN-2222-22' }),
    oneShot: true,
  },
  { typed: 'cek hoaks', first: () => copy('qa.hoax_ask') },
  { typed: 'status', first: () => copy('report.status_ask') },
  { typed: 'langganan', first: () => copy('broadcast.subscribed'), oneShot: true },
  { typed: 'berhenti', first: () => copy('broadcast.not_subscribed'), oneShot: true },
  { typed: 'bantuan', first: () => copy('core.help'), oneShot: true },
  { typed: 'menu', first: () => copy('core.menu') },
  { typed: '/siaran status', first: () => copy('broadcast.none'), oneShot: true },
];

describe.each(backends)('commands from any state on %s', (backend) => {
  let bot: TestBot;
  let n = 0;
  beforeAll(async () => {
    bot = await createTestBot({ backend });
  });
  afterAll(() => bot.close());

  /** The replies to `typed` as an admin who is in `state`. */
  async function inState(state: State, typed: string): Promise<string[]> {
    const user = `cmd-${++n}`;
    const say = async (text: string) => (await bot.send({ text, isAdmin: true }, user)).replies;
    const { plain } = await import('../support/chat');
    if (state === 'answered') await say(QUESTION);
    if (state === 'mid-report') for (const line of ['lapor', '1', 'Pak Ahmad']) await say(line);
    if (state === 'mid-broadcast') await say('/siaran');
    return (await say(typed)).map(plain);
  }

  for (const command of COMMANDS) {
    it(`"${command.typed}" gives its first reply from every state`, async () => {
      const replies: Record<State, string[]> = {
        fresh: [],
        answered: [],
        'mid-report': [],
        'mid-broadcast': [],
      };
      for (const state of STATES) replies[state] = await inState(state, command.typed);

      // A finished answer is not a flow in progress: same reply as on a fresh chat, no answer re-sent.
      expect(replies.answered, 'after an answer').toEqual(replies.fresh);
      expect(replies.answered.join('\n')).not.toContain('Tidak boleh');

      for (const state of STATES) {
        const out = replies[state];
        if (command.answerMidFlow && PENDING[state]) {
          // "Which agency?" — "mau lapor pns kampanye" is taken as the answer and the flow moves on.
          expect(out.join('\n')).not.toContain(command.first(state));
          continue;
        }
        const all = out.join('\n');
        const first = command.first(state);
        const parkedNote = out[0]?.startsWith('Saya simpan');
        // The command's reply comes first (after a note that the flow in progress was kept).
        expect(out[parkedNote ? 1 : 0], `${command.typed} in ${state}: ${all}`).toContain(first);
        const pending = PENDING[state];
        if (pending && command.oneShot) {
          expect(out.at(-1), `${command.typed} in ${state} shows the pending question last`).toContain(
            pending,
          );
        }
        if (pending && !command.oneShot && command.typed !== 'lapor' && !command.typed.includes('lapor')) {
          expect(parkedNote, `${command.typed} in ${state} keeps the flow and says so`).toBe(true);
        }
      }
    });
  }

  it('brings a parked report back with "Lanjutkan laporan sebelumnya?"', async () => {
    const user = 'park-back';
    for (const line of ['lapor', '1', 'Pak Ahmad']) await bot.say(line, user);
    const hoax = (await bot.say('cek hoaks', user)).join('\n');
    expect(hoax).toContain('Saya simpan draf laporan Anda');
    await bot.say('video jokowi pidato pakai bahasa mandarin itu asli?', user);
    const offer = (await bot.say('lapor', user)).join('\n');
    expect(offer).toContain('Lanjutkan laporan sebelumnya?');
    const back = (await bot.say('lanjutkan', user)).join('\n');
    expect(back).toContain(copy('report.resumed'));
    expect(back).toContain(copy('report.agency').slice(0, 40));
  });

  it('a global word after an answer does its job and re-sends nothing; mid-flow it re-shows only the question', async () => {
    const user = 'globals';
    await bot.say(QUESTION, user);
    for (const word of ['bantuan', 'bahasa', 'bahasa', 'berhenti', 'langganan']) {
      const out = (await bot.say(word, user)).join('\n');
      expect(out, word).not.toContain('Tidak boleh');
      expect(out, word).not.toContain('Not allowed');
    }
    // A non-admin's /siaran after an answer: refused, and the answer is not sent again.
    expect(await bot.say('/siaran', user)).toEqual([copy('admin.refused')]);
    await bot.say('lapor', user);
    const mid = await bot.say('bahasa', user);
    expect(mid[0]).toBe(copy('core.language_set', {}, 'en'));
    expect(mid.at(-1)).toContain(copy('report.category', {}, 'en'));
    await bot.say('language', user);
  });

  it('takes "/stiker" in the middle of a report as an unknown command, not as an answer', async () => {
    const user = 'sticker';
    for (const line of [
      'lapor',
      '3',
      'tidak tahu',
      'Pak Joko membagikan amplop berisi uang kepada warga sambil meminta memilih calon A',
    ]) {
      await bot.say(line, user);
    }
    const out = await bot.say('/stiker', user);
    expect(out[0]).toBe(copy('core.unknown_command'));
    expect(out.at(-1)).toContain(copy('report.where').slice(0, 30));
  });
});
