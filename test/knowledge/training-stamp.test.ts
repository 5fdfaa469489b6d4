import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainingInputs } from '../../src/knowledge/train-cli';
import { inputsHash, staleness, stampFor } from '../../src/knowledge/training-stamp';

const inputs = trainingInputs();
const dir = mkdtempSync(join(tmpdir(), 'stamp-'));
const code = join(dir, 'softmax.ts');
const model = join(dir, 'refusal.json');
writeFileSync(code, 'export const rate = 0.1;\n');
writeFileSync(model, '{"weights": {}}\n');

describe('the training stamp', () => {
  const base = inputsHash(inputs, [code]);

  it('is the same for the same inputs', () => {
    expect(inputsHash(inputs, [code])).toBe(base);
  });

  it('changes with a labelled message, a phrasing, a slang word or the training code', () => {
    const [first, ...rest] = inputs.items;
    const relabelled = { ...inputs, items: [{ ...first!, topic: 'memilih', verdict: 'boleh' }, ...rest] };
    expect(inputsHash(relabelled, [code])).not.toBe(base);
    const [topic, ...others] = inputs.kb.topics;
    const rephrased = {
      ...inputs,
      kb: {
        ...inputs.kb,
        topics: [{ ...topic!, questions: { ...topic!.questions, id: ['boleh ga?'] } }, ...others],
      },
    };
    expect(inputsHash(rephrased, [code])).not.toBe(base);
    const slang = new Map(inputs.lex.slang);
    slang.set('sonde', ['boleh']);
    expect(inputsHash({ ...inputs, lex: { ...inputs.lex, slang } }, [code])).not.toBe(base);
    const other = join(dir, 'features.ts');
    writeFileSync(other, 'export const rate = 0.2;\n');
    expect(inputsHash(inputs, [other])).not.toBe(base);
  });

  it('names a model file changed after training, and inputs that changed since', () => {
    const stamp = stampFor(inputs, [model]);
    expect(staleness(stamp, inputs, [model])).toEqual([]);
    writeFileSync(model, '{"weights": {"like": 1}}\n');
    expect(staleness(stamp, inputs, [model])).toEqual(['refusal.json']);
    const fewer = { ...inputs, items: inputs.items.slice(1) };
    expect(staleness(stamp, fewer, [model])).toEqual(['inputs', 'refusal.json']);
    expect(staleness(undefined, inputs, [model])).toEqual(['no stamp']);
  });
});
