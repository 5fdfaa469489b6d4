import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { t } from '../../src/content/copy';
import { defineFlow, type FlowCtx, type SessionState, start } from '../../src/core/flow';
import { answersOf, defineForm } from '../../src/core/form';
import { toPlainText } from '../../src/core/markup';
import { makeRegistry, type StepIn, step } from '../../src/core/step';

/**
 * The form runtime on its own, through the pure step: a two-field form with a follow-up question
 * and a condition, declared as data. What the report gets, any later form gets.
 */
type Pet = { kind?: 'cat' | 'dog'; name?: string; barks?: boolean };

let seenConfig: unknown;

const petForm = defineForm<Pet, { kind?: 'cat' | 'dog' }, 'REPORTS_PER_DAY'>({
  name: 'pet',
  version: 1,
  config: ['REPORTS_PER_DAY'],
  triggers: [{ words: ['pet'] }],
  fields: [
    {
      key: 'kind',
      label: 'report.field.category',
      show: (_c, d) => d.kind,
      prompt: () => [
        {
          text: 'kind?',
          choices: [
            { id: 'cat', label: 'Cat' },
            { id: 'dog', label: 'Dog' },
          ],
        },
      ],
      parse: (_c, input, d) =>
        input.choice === 'cat' || input.choice === 'dog'
          ? { ok: true, data: { ...d, kind: input.choice } }
          : { ok: false, key: 'report.category_pick' },
    },
    {
      key: 'name',
      label: 'report.field.who',
      maxLength: 10,
      show: (_c, d) => d.name,
      prompt: () => [{ text: 'name?' }],
      parse: (c, input, d) => {
        seenConfig = c.config;
        const name = input.text?.trim() ?? '';
        if (name.length < 2) return { ok: false, key: 'report.who_bad' };
        return { ok: true, data: { ...d, name }, ...(d.kind === 'dog' ? { next: 'barks' } : {}) };
      },
    },
    {
      key: 'barks',
      partOf: 'name',
      prompt: () => [{ text: 'barks?', choices: [{ id: 'y', label: 'Yes' }] }],
      parse: (_c, input, d) => ({ ok: true, data: { ...d, barks: input.choice === 'y' } }),
    },
  ],
  begin: (_c, args) => ({
    data: args.input?.kind ? { kind: args.input.kind } : {},
    ...(args.input?.kind ? { at: 'name' } : {}),
  }),
  submit: (_c, d) => ({ replies: [{ text: `filed ${d.name}` }] }),
});

const config = parseConfig({});
const ctx: FlowCtx = {
  locale: 'id',
  now: new Date('2024-02-01T03:00:00Z'),
  channel: 'console',
  userKey: 'console:f',
  isAdmin: false,
  contact: { id: 1, subscribed: false },
  config,
  services: {},
};
const adoptFlow = defineFlow({
  name: 'adopt',
  version: 1,
  triggers: [{ words: ['adopt'] }],
  // biome-ignore lint/suspicious/noThenProperty: `then` is the flow API's "start this flow next"
  start: () => ({ to: 'end', then: start(petForm, { kind: 'dog' }) }),
  steps: {},
});
const reg = makeRegistry([petForm, adoptFlow]);

function chat(lines: (string | StepIn)[], start?: SessionState) {
  let state = start;
  const out: string[][] = [];
  for (const line of lines) {
    const r = step(reg, state, typeof line === 'string' ? { text: line } : line, ctx);
    state = r.state;
    out.push(r.replies.map((o) => toPlainText(o.text)));
  }
  return { out, state: state! };
}

describe('form runtime', () => {
  it('asks each field, checks it, reviews, and submits', () => {
    const { out, state } = chat(['pet', 'cat', 'x', 'Mimi']);
    expect(out[0]).toEqual(['kind?']);
    expect(out[2]).toEqual([toPlainText(t('report.who_bad', 'id')), 'name?']);
    expect(out[3]![0]).toContain('• Jenis: cat\n• Terlapor: Mimi');
    const sent = chat(['Kirim'], state);
    expect(sent.out[0]).toEqual(['filed Mimi']);
    expect(sent.state.flow).toBeUndefined();
  });

  it('asks a follow-up question only when its field says so, and hands fields only their config', () => {
    const { out } = chat(['pet', 'dog', 'Rex']);
    expect(out[2]).toEqual(['barks?']);
    expect(seenConfig).toEqual({ REPORTS_PER_DAY: config.REPORTS_PER_DAY });
  });

  it('refuses an answer longer than the field allows, with the limit', () => {
    const { out } = chat(['pet', 'cat', 'Mimi the very long named cat']);
    expect(out[2]).toEqual([t('core.too_long', 'id', { max: 10 }), 'name?']);
  });

  it('edits one field from the review and returns to it; "kembali" goes back', () => {
    const review = chat(['pet', 'cat', 'Mimi']).state;
    const edited = chat(['ubah terlapor', 'Momo'], review);
    expect(edited.out[0]).toEqual(['name?']);
    expect(edited.out[1]![0]).toContain('Terlapor: Momo');
    const back = chat(['pet', 'cat', 'kembali']);
    expect(back.out[2]).toEqual(['kind?']);
  });

  it('confirms batal once, and "tidak" keeps the answers where they were', () => {
    const mid = chat(['pet', 'cat']).state;
    const { out, state } = chat(['batal', 'tidak'], mid);
    expect(out[0]![0]).toBe(toPlainText(t('form.cancel_confirm', 'id')));
    expect(out[1]).toEqual([t('form.kept', 'id'), 'name?']);
    const gone = chat(['batal', 'ya'], state);
    expect(gone.out[1]).toEqual([t('form.discarded', 'id')]);
    expect(gone.state.flow).toBeUndefined();
  });

  it('parks on menu and offers the answers back; a typed hand-off starts further on', () => {
    const parked = chat(['pet', 'cat', 'menu']).state;
    expect(answersOf(parked.parked!.pet!.data as Pet)).toEqual({ kind: 'cat' });
    const { out } = chat(['pet', 'lanjutkan'], parked);
    expect(out[0]![0]).toBe(t('core.resume_offer', 'id'));
    expect(out[1]).toEqual([t('core.resumed', 'id'), 'name?']);
    // Another flow hands over a typed input: the form starts at the question after it.
    expect(chat(['adopt']).out[0]).toEqual(['name?']);
  });
});
