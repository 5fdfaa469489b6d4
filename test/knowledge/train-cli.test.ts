import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FROZEN_SPLITS, TUNED_SPLITS } from '../../src/knowledge/eval';
import {
  MODELS,
  serialise,
  trainRefusalModel,
  trainRelative,
  trainScope,
  trainTopics,
  trainVerdict,
} from '../../src/knowledge/train-cli';

describe('the learned models in content/model', () => {
  it.each(MODELS.map((m) => [m.file, m] as const))('%s is what npm run train gives today', (_file, m) => {
    expect(readFileSync(m.file, 'utf8')).toBe(serialise(m.train()));
  });

  it('were trained on the tuned splits (and the topic phrasings), never on a frozen split', () => {
    const refusal = trainRefusalModel().trainedOn;
    const topics = trainTopics().trainedOn;
    const relative = trainRelative().trainedOn;
    const scope = trainScope().trainedOn;
    const verdict = trainVerdict().trainedOn;
    expect(refusal).toEqual([...TUNED_SPLITS]);
    expect(relative).toEqual([...TUNED_SPLITS]);
    expect(scope).toEqual([...TUNED_SPLITS]);
    expect(verdict).toEqual([...TUNED_SPLITS]);
    expect(topics).toEqual(['content/qa', ...TUNED_SPLITS]);
    for (const frozen of FROZEN_SPLITS) {
      expect(refusal).not.toContain(frozen);
      expect(topics).not.toContain(frozen);
      expect(relative).not.toContain(frozen);
      expect(scope).not.toContain(frozen);
      expect(verdict).not.toContain(frozen);
    }
  });
});
