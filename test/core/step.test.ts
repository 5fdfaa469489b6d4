import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import { t } from '../../src/content/copy';
import { defineFlow, type FlowCtx, type SessionState } from '../../src/core/flow';
import { toPlainText } from '../../src/core/markup';
import { makeRegistry, type StepIn, step } from '../../src/core/step';
import { surveyFlow } from '../fixtures/survey-flow';

const config = parseConfig({});
const ctx = (over: Partial<FlowCtx> = {}): FlowCtx => ({
  locale: 'id',
  now: new Date('2024-02-01T03:00:00Z'),
  channel: 'console',
  userKey: 'console:t',
  isAdmin: false,
  contact: { id: 1, subscribed: false },
  config,
  services: {},
  ...over,
});

const oneShot = defineFlow({
  name: 'ping',
  version: 1,
  triggers: [{ words: ['ping'], anywhere: true }],
  start: (c) => ({ to: 'end', replies: [{ text: `pong ${c.locale}` }] }),
  steps: {},
});
const reg = makeRegistry([surveyFlow, oneShot]);

/** Runs a scripted conversation through the pure step, carrying the state along. */
function chat(lines: (string | StepIn)[], start?: SessionState, c = ctx()) {
  let state = start;
  const out: string[][] = [];
  for (const line of lines) {
    const r = step(reg, state, typeof line === 'string' ? { text: line } : line, c);
    state = r.state;
    out.push(r.replies.map((o) => toPlainText(o.text)));
  }
  return { out, state: state! };
}

describe('step (pure router and flow runtime)', () => {
  it('opens the menu in Indonesian and switches language both ways', () => {
    const { out, state } = chat(['menu', 'bahasa', 'bahasa']);
    expect(out[0]).toEqual([toPlainText(t('core.menu', 'id'))]);
    expect(out[1]![0]).toBe(t('core.language_set', 'en'));
    expect(out[2]![0]).toBe(t('core.language_set', 'id'));
    expect(state.locale).toBe('id');
  });

  it('treats /start, /start@bot and "Menu!" as global words from inside a flow', () => {
    const { out, state } = chat(['survey', '/start@pantau_bot']);
    expect(out[1]!.join('\n')).toContain('Pantau Netral');
    expect(state.flow).toBeUndefined();
    expect(chat(['survey', 'Menu!']).state.flow).toBeUndefined();
  });

  it('resolves a typed number or the label to the choice shown', () => {
    const base = chat(['survey', 'Budi', '40']).state;
    expect(base.choices?.map((c) => c.id)).toEqual(['yes', 'no']);
    for (const typed of ['1', 'yes', 'Yes!', ' YES ']) {
      expect(chat([typed], base).out[0]).toEqual(['saved']);
    }
  });

  it('answers a forged or stale button with a short notice only (a toast) and keeps the step', () => {
    const base = chat(['survey', 'Budi']).state;
    const r = step(reg, base, { choice: 'yes' }, ctx());
    expect(r.replies).toEqual([{ text: t('core.stale_choice', 'id'), toast: true }]);
    expect(r.state.flow?.step).toBe('age');
  });

  it('lets a one-shot trigger interrupt a flow, which then continues', () => {
    const { out, state } = chat(['survey', 'Budi', 'ping']);
    expect(out[2]).toEqual(['pong id', 'age?']);
    expect(state.flow?.step).toBe('age');
  });

  it('parks a flow left with menu and offers it back on start', () => {
    const { state } = chat(['survey', 'Budi', 'menu']);
    expect(state.flow).toBeUndefined();
    expect(state.parked?.survey?.data).toEqual({ name: 'Budi' });
  });

  it('cancels a flow, and says so when there is nothing to cancel', () => {
    const { out, state } = chat(['survey', 'batal', 'batal']);
    expect(out[1]![0]).toBe(t('core.cancelled', 'id'));
    expect(out[2]![0]).toBe(t('core.nothing_to_cancel', 'id'));
    expect(state.flow).toBeUndefined();
  });

  it('restarts a flow politely when its stored version is older than the code', () => {
    const old = chat(['survey', 'Budi']).state;
    old.flow!.version = 0;
    const { out, state } = chat(['40'], old);
    expect(out[0]).toEqual([t('core.flow_restarted', 'id'), 'name?']);
    expect(state.flow?.step).toBe('name');
  });

  it('starts over from the menu when the whole session envelope is from an older version', () => {
    const ancient = { v: 0, locale: 'en' } as unknown as SessionState;
    const { out, state } = chat(['hello there'], ancient);
    expect(out[0]![0]).toBe(t('core.session_reset', 'en'));
    expect(state.locale).toBe('en');
  });

  it('replies to bad input instead of failing: empty, emoji only, unknown command, refused file', () => {
    expect(chat([{}]).out[0]![0]).toBe(t('core.empty', 'id'));
    expect(chat(['🙏🙏🙏']).out[0]![0]).toBe(t('core.no_words', 'id'));
    expect(chat(['/hapus_semua']).out[0]![0]).toBe(t('core.unknown_command', 'id'));
    const refused: StepIn = {
      media: {
        kind: 'document',
        size: 3,
        sha256: '',
        bytes: new Uint8Array(),
        refused: { key: 'core.file_type_refused' },
      },
    };
    expect(chat([refused]).out[0]![0]).toBe(t('core.file_type_refused', 'id'));
    expect(chat([{ text: 'x'.repeat(10), truncated: true }]).out[0]![0]).toContain('4000');
  });

  it('only offers admin-only triggers to admins', () => {
    const adminFlow = defineFlow({
      name: 'secret',
      version: 1,
      triggers: [{ words: ['siaran'], adminOnly: true }],
      start: () => ({ to: 'end', replies: [{ text: 'admin ok' }] }),
      steps: {},
    });
    const r = makeRegistry([adminFlow]);
    expect(step(r, undefined, { text: '/siaran' }, ctx()).replies[0]!.text).toBe(
      t('core.unknown_command', 'id'),
    );
    expect(step(r, undefined, { text: '/siaran' }, ctx({ isAdmin: true })).replies[0]!.text).toBe('admin ok');
  });

  it('answers a question typed mid-flow through the Q&A service and re-asks the step', () => {
    const qaFlow = defineFlow({
      ...surveyFlow,
      name: 'survey2',
      triggers: [{ words: ['survey2'] }],
      answersQuestions: true,
    });
    const r = makeRegistry([qaFlow]);
    const services = {
      qa: { answerInline: (text: string) => (text.endsWith('?') ? [{ text: 'answer' }] : null) },
    };
    const s1 = step(r, undefined, { text: 'survey2' }, ctx({ services })).state;
    const s2 = step(r, s1, { text: 'Budi' }, ctx({ services })).state;
    const out = step(r, s2, { text: 'boleh pns like?' }, ctx({ services }));
    expect(out.replies.map((o) => o.text)).toEqual(['answer', t('core.continue', 'id'), 'age?']);
    expect(out.state.flow?.step).toBe('age');
  });
});
