import { describe, expect, it } from 'vitest';
import { softmaxProbabilities, trainSoftmax } from '../../src/knowledge/softmax';

// Three classes told apart by one word each; "dan" comes in every class and tells nothing.
const examples = [
  { features: ['boleh', 'dan'], label: 0 },
  { features: ['boleh', 'pns'], label: 0 },
  { features: ['boleh', 'dan', 'asn'], label: 0 },
  { features: ['pilih', 'dan'], label: 1 },
  { features: ['pilih', 'siapa'], label: 1 },
  { features: ['pilih', 'dan', 'siapa'], label: 1 },
  { features: ['buatkan', 'dan'], label: 2 },
  { features: ['buatkan', 'pantun'], label: 2 },
  { features: ['buatkan', 'dan', 'caption', 'sekali'], label: 2 },
];

describe('trainSoftmax', () => {
  const model = trainSoftmax(examples, 3);

  it('learns which word tells which class, whatever else the message holds', () => {
    for (const [word, label] of [
      ['boleh', 0],
      ['pilih', 1],
      ['buatkan', 2],
    ] as const) {
      const p = softmaxProbabilities(model, [word, 'dan', 'kata-baru']);
      expect(p.indexOf(Math.max(...p))).toBe(label);
      expect(p[label]).toBeGreaterThan(0.8);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('gives a word that comes in every class little say', () => {
    const p = softmaxProbabilities(model, ['dan']);
    expect(Math.max(...p) - Math.min(...p)).toBeLessThan(0.2);
  });

  it('keeps no feature seen in fewer messages than asked, and writes the same weights twice', () => {
    expect(model.weights.sekali).toBeUndefined();
    expect(model.weights.siapa).toHaveLength(3);
    expect(trainSoftmax(examples, 3)).toEqual(model);
    expect(trainSoftmax(examples, 3, { seed: 7 })).not.toEqual(model);
  });

  it('knows nothing of a message with no known feature but how common each class is', () => {
    const p = softmaxProbabilities(model, ['tidak-dikenal']);
    expect(Math.max(...p) - Math.min(...p)).toBeLessThan(0.1);
  });
});
