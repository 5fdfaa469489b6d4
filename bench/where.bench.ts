import { createRegionIndex } from '../src/reports/where';

/** Region matching: index build time and `match` latency on a mix of exact, alias, typo and province answers. */
export async function run(): Promise<void> {
  const t0 = performance.now();
  const index = await createRegionIndex();
  const build = performance.now() - t0;
  const answers = [
    'sleman',
    'kab. sleman, diy',
    'bandung',
    'semarng',
    'jaksel',
    'jawa tengah',
    'labuhan batu utara',
    'kota surabya',
    'tangerang sel',
    'halo',
  ];
  for (let i = 0; i < 2_000; i++) index.match(answers[i % answers.length]!);
  const times: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const s = performance.now();
    index.match(answers[i % answers.length]!);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.floor(p * (times.length - 1))]!;
  console.log(`region index build: ${build.toFixed(0)} ms (${index.size} regencies/cities)`);
  console.log(
    `region match: p50 ${(q(0.5) * 1000).toFixed(0)} µs, p95 ${(q(0.95) * 1000).toFixed(0)} µs, p99 ${(q(0.99) * 1000).toFixed(0)} µs (target < 1 ms)`,
  );
}
