import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config';
import type { FlowCtx } from '../../src/core/flow';
import { defaultIndex, inlineAnswerer, looksLikeQuestion } from '../../src/knowledge/service';

describe('questions typed inside another flow', () => {
  it('are told apart from answers to the step', () => {
    expect(looksLikeQuestion('mobil')).toBe(false);
    expect(looksLikeQuestion('Kantor Camat Sleman')).toBe(false);
    expect(looksLikeQuestion('boleh gak pns like postingan capres')).toBe(true);
    expect(looksLikeQuestion('sanksinya apa kalau asn ikut kampanye')).toBe(true);
    expect(looksLikeQuestion('asn ikut kampanye?')).toBe(true);
  });

  it('are answered only when they look like a question and the answer is confident', () => {
    const qa = inlineAnswerer(defaultIndex());
    const ctx = { locale: 'id' } as FlowCtx;
    expect(qa.answerInline('mobil', { ...ctx, config: parseConfig({}) })).toBeNull();
    expect(qa.answerInline('boleh gak pns like postingan capres di ig', ctx)?.[0]?.text).toMatch(
      /Tidak boleh/,
    );
  });
});
