/**
 * Multinomial logistic regression over sparse binary features (a message's words and word pairs),
 * trained by AdaGrad with L2 decay. Written here because the npm packages for logistic regression
 * work on dense matrices: tens of thousands of features times fifteen thousand messages does not
 * fit them. Unlike naive Bayes, which counts each feature as if it were the only one, it weighs
 * features against each other: a word that comes with every kind of message gets little say once
 * the words that tell kinds apart are counted, and a long message's many words do not push its
 * probabilities to 0 or 1.
 */

export interface SoftmaxOptions {
  /** Passes over the examples. */
  epochs: number;
  /** AdaGrad's base step. */
  rate: number;
  /** L2 decay on every weight a message touches. */
  l2: number;
  /** A feature seen in fewer messages says more about them than about a kind of message. */
  minCount: number;
  /** Seed for the order the examples are visited in, so training twice writes the same file. */
  seed: number;
}

const SOFTMAX_DEFAULTS: SoftmaxOptions = { epochs: 8, rate: 0.3, l2: 1e-4, minCount: 2, seed: 1 };

export interface SoftmaxWeights {
  /** Per class. */
  bias: number[];
  /** Feature → weight per class. */
  weights: Record<string, number[]>;
}

/** Weights kept to this many decimals: the model file stays small and reads the same as trained. */
const DECIMALS = 4;
export const roundWeight = (x: number) => Math.round(x * 10 ** DECIMALS) / 10 ** DECIMALS;

export function trainSoftmax(
  examples: readonly { features: readonly string[]; label: number }[],
  classes: number,
  options: Partial<SoftmaxOptions> = {},
): SoftmaxWeights {
  const o = { ...SOFTMAX_DEFAULTS, ...options };
  const seen = new Map<string, number>();
  for (const ex of examples) for (const f of ex.features) seen.set(f, (seen.get(f) ?? 0) + 1);
  const w = new Map<string, Float64Array>();
  const g2 = new Map<string, Float64Array>();
  for (const f of [...seen.keys()].sort()) {
    if (seen.get(f)! < o.minCount) continue;
    w.set(f, new Float64Array(classes));
    g2.set(f, new Float64Array(classes).fill(1e-8));
  }
  const bias = new Float64Array(classes);
  const biasG2 = new Float64Array(classes).fill(1e-8);
  const rows = examples.map((ex) => ({
    label: ex.label,
    weights: ex.features.flatMap((f) => (w.has(f) ? [[w.get(f)!, g2.get(f)!] as const] : [])),
  }));
  let state = o.seed;
  const random = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const order = rows.map((_, i) => i);
  const z = new Float64Array(classes);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const at of order) {
      const row = rows[at]!;
      for (let c = 0; c < classes; c++) {
        let v = bias[c]!;
        for (const [weight] of row.weights) v += weight[c]!;
        z[c] = v;
      }
      softmaxInPlace(z);
      for (let c = 0; c < classes; c++) {
        const g = z[c]! - (c === row.label ? 1 : 0);
        biasG2[c]! += g * g;
        bias[c]! -= (o.rate * g) / Math.sqrt(biasG2[c]!);
        for (const [weight, sq] of row.weights) {
          const gw = g + o.l2 * weight[c]!;
          sq[c]! += gw * gw;
          weight[c]! -= (o.rate * gw) / Math.sqrt(sq[c]!);
        }
      }
    }
  }
  const weights: Record<string, number[]> = {};
  for (const [f, row] of w) {
    const rounded = Array.from(row, roundWeight);
    // A feature that moves no class is only bytes in the file and time at load.
    if (rounded.some((x) => x !== 0)) weights[f] = rounded;
  }
  return { bias: Array.from(bias, roundWeight), weights };
}

function softmaxInPlace(z: Float64Array | number[]): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
}

/** The probability of each class, given the message's features. */
export function softmaxProbabilities(model: SoftmaxWeights, features: readonly string[]): number[] {
  const z = [...model.bias];
  for (const f of features) {
    const row = model.weights[f];
    if (!row) continue;
    for (let c = 0; c < z.length; c++) z[c]! += row[c]!;
  }
  softmaxInPlace(z);
  return z;
}
