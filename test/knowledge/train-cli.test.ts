import { describe, expect, it } from 'vitest';
import { FROZEN_SPLITS, TUNED_SPLITS } from '../../src/knowledge/eval';
import { loadLearnedModels } from '../../src/knowledge/search';
import { MODELS, trainingInputs } from '../../src/knowledge/train-cli';
import { readStamp, staleness } from '../../src/knowledge/training-stamp';

describe('the learned models in content/model', () => {
  // Retraining all five to compare took most of a minute and grew with each writer; the stamp that
  // `npm run train` writes beside them says the same in a second. `npm run train -- --check` retrains.
  it("are what npm run train wrote from today's splits, content, word lists and training code", () => {
    expect(
      staleness(
        readStamp(),
        trainingInputs(),
        MODELS.map((m) => m.file),
      ),
    ).toEqual([]);
  });

  it('were trained on the tuned splits (and the topic phrasings), never on a frozen split', () => {
    const { refusal, topics, relative, scope, verdict } = loadLearnedModels();
    expect(refusal?.trainedOn).toEqual([...TUNED_SPLITS]);
    expect(relative?.trainedOn).toEqual([...TUNED_SPLITS]);
    expect(scope?.trainedOn).toEqual([...TUNED_SPLITS]);
    expect(verdict?.trainedOn).toEqual([...TUNED_SPLITS]);
    expect(topics?.trainedOn).toEqual(['content/qa', ...TUNED_SPLITS]);
    for (const frozen of FROZEN_SPLITS) {
      for (const model of [refusal, topics, relative, scope, verdict])
        expect(model?.trainedOn).not.toContain(frozen);
    }
  });
});
