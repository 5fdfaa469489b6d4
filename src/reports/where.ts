import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { getProvinces, getRegencies } from 'idn-area-data';
import MiniSearch from 'minisearch';
import { parse } from 'yaml';
import { z } from 'zod';
import { CONTENT_DIR } from '../content/paths';

/**
 * Matches what a citizen types for "where" ("sleman", "kab. sleman, diy", "jaksel", "semarng") to a
 * regency or city from idn-area-data 3 (Kemendagri codes), with typo tolerance (minisearch) and an
 * alias table (content/regions/aliases.yaml).
 *
 * What `match` returns:
 * - `one`: an alias or an exact name that means one place ("sleman", "kota bandung", "jaksel").
 * - `choices` (at most 5): an ambiguous name ("bandung": Kab. Bandung, Kota Bandung, Kab. Bandung Barat);
 *   a guess from a misspelling, even a single one, so the user confirms it ("slemn"); a name that is
 *   also a province ("gorontalo", "jambi"); a province with at most 5 regencies and cities ("di yogyakarta").
 * - `none`: nothing close. When the answer named only a province with more than 5 regencies and cities
 *   ("jawa tengah"), `province` carries its display name so the flow can ask "which regency or city in …?".
 *
 * Data traps handled here: names are UPPERCASE with "KABUPATEN"/"KOTA"/"KOTA ADMINISTRASI" prefixes;
 * 26 names exist as both a regency and a city; spacing differs from common use ("KOTA BAU BAU",
 * "LABUHANBATU", "GUNUNGKIDUL"), so names are also compared without spaces; key casing differs by call
 * (`province_code` vs `provinceCode`), so both are read.
 */

declare module '../core/flow' {
  interface Services {
    regions?: RegionIndex;
  }
}

export interface Region {
  /** Kemendagri code, e.g. "34.04". */
  code: string;
  /** For display, e.g. "Kab. Sleman", "Kota Adm. Jakarta Selatan". */
  name: string;
  /** For display, e.g. "DI Yogyakarta". */
  province: string;
}

export type RegionMatch =
  | { kind: 'one'; region: Region }
  | { kind: 'choices'; options: Region[] }
  | { kind: 'none'; province?: string };

export interface RegionIndex {
  match(text: string): RegionMatch;
  /** A region by its code (e.g. to show a stored answer again). */
  byCode(code: string): Region | undefined;
  /** How many regencies and cities are indexed. */
  readonly size: number;
}

const MAX_CHOICES = 5;

type Kind = 'KAB' | 'KOTA';

interface Entry {
  code: string;
  provinceCode: string;
  kind: Kind;
  /** The name without its kind, e.g. "JAKARTA SELATAN". */
  core: string;
  /** `core` without spaces, so "BAU BAU" = "BAUBAU" and "LABUHAN BATU" = "LABUHANBATU". */
  key: string;
  region: Region;
}

interface Province {
  code: string;
  name: string;
  display: string;
  entries: Entry[];
}

const aliasFileSchema = z.object({
  regencies: z.record(z.string(), z.array(z.string()).min(1)),
  provinces: z.record(z.string(), z.string()),
  display: z.record(z.string(), z.string()).default({}),
});

const KIND_WORDS: Record<string, Kind> = {
  KABUPATEN: 'KAB',
  KAB: 'KAB',
  KB: 'KAB',
  KOTA: 'KOTA',
  KOTAMADYA: 'KOTA',
  KODYA: 'KOTA',
  KOTIF: 'KOTA',
};
/** Words that say nothing about which place: dropped before comparing names. */
const FILLER = new Set(['ADMINISTRASI', 'ADM', 'PROVINSI', 'PROV', 'PROPINSI', 'DI', 'DAERAH', 'WILAYAH']);

export function normalise(s: string): string {
  return s
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

const keyOf = (words: string[]) => words.join('');

function titleCase(s: string): string {
  return s
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())
    .replace(/\bDan\b/g, 'dan');
}

function splitName(name: string): { kind: Kind; core: string; display: string } {
  const m = /^(KABUPATEN|KOTA)(?: (ADMINISTRASI))? (.+)$/.exec(name);
  if (!m) throw new Error(`idn-area-data: unexpected regency name "${name}"`);
  const kind: Kind = m[1] === 'KOTA' ? 'KOTA' : 'KAB';
  const core = m[3]!;
  const prefix = `${kind === 'KAB' ? 'Kab.' : 'Kota'}${m[2] ? ' Adm.' : ''}`;
  return { kind, core, display: `${prefix} ${titleCase(core)}` };
}

/** The words of an answer, with "kab"/"kota" taken out as a hint and filler dropped. */
function words(norm: string): { words: string[]; kind?: Kind } {
  let kind: Kind | undefined;
  const out: string[] = [];
  for (const w of norm.split(' ')) {
    if (!w) continue;
    const k = KIND_WORDS[w];
    if (k) kind = k;
    else if (!FILLER.has(w)) out.push(w);
  }
  return kind ? { words: out, kind } : { words: out };
}

function byCodeOrder(a: Entry, b: Entry): number {
  return a.code.localeCompare(b.code);
}

export async function createRegionIndex(
  aliasFile = join(CONTENT_DIR, 'regions', 'aliases.yaml'),
): Promise<RegionIndex> {
  const aliasData = aliasFileSchema.parse(parse(readFileSync(aliasFile, 'utf8')));
  const displayOverride = aliasData.display;

  const provinces = new Map<string, Province>();
  for (const p of await getProvinces()) {
    provinces.set(p.code, {
      code: p.code,
      name: p.name,
      display: displayOverride[p.name] ?? titleCase(p.name),
      entries: [],
    });
  }
  const provinceByName = new Map([...provinces.values()].map((p) => [p.name, p]));

  const entries: Entry[] = [];
  const byName = new Map<string, Entry>();
  const byCode = new Map<string, Entry>();
  const byKey = new Map<string, Entry[]>();
  // The package returns snake_case keys unless asked to transform; read both so a default change can't break us.
  for (const raw of (await getRegencies({ transform: true })) as Array<Record<string, string>>) {
    const provinceCode = raw.provinceCode ?? raw.province_code ?? '';
    const province = provinces.get(provinceCode);
    const code = raw.code;
    const name = raw.name;
    if (!province || !code || !name)
      throw new Error(`idn-area-data: unexpected regency row ${JSON.stringify(raw)}`);
    const { kind, core, display } = splitName(name);
    const entry: Entry = {
      code,
      provinceCode,
      kind,
      core,
      key: keyOf(core.split(' ')),
      region: { code, name: displayOverride[name] ?? display, province: province.display },
    };
    entries.push(entry);
    province.entries.push(entry);
    byName.set(name, entry);
    byCode.set(code, entry);
    byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
  }
  // A province's cities first (the capital is usually one), then its regencies.
  for (const p of provinces.values()) {
    p.entries.sort((a, b) => (a.kind === b.kind ? byCodeOrder(a, b) : a.kind === 'KOTA' ? -1 : 1));
  }

  const regencyAliases = new Map<string, Entry[]>();
  for (const [alias, targets] of Object.entries(aliasData.regencies)) {
    const list: Entry[] = [];
    for (const target of targets) {
      const entry = byName.get(target);
      const province = provinceByName.get(target);
      if (entry) list.push(entry);
      else if (province) list.push(...province.entries);
      else throw new Error(`content/regions/aliases.yaml: "${alias}" points to unknown "${target}"`);
    }
    regencyAliases.set(normalise(alias), [...new Set(list)]);
  }
  const provincePhrases = new Map<string, Province>();
  for (const p of provinces.values()) provincePhrases.set(normalise(p.name), p);
  for (const [alias, target] of Object.entries(aliasData.provinces)) {
    const p = provinceByName.get(target);
    if (!p)
      throw new Error(
        `content/regions/aliases.yaml: province alias "${alias}" points to unknown "${target}"`,
      );
    provincePhrases.set(normalise(alias), p);
  }
  const phrasesLongestFirst = [...provincePhrases.keys()].sort((a, b) => b.length - a.length);

  const search = new MiniSearch<Entry>({
    idField: 'code',
    fields: ['core'],
    storeFields: [],
    searchOptions: { fuzzy: 0.25, prefix: true, combineWith: 'AND' },
  });
  search.addAll(entries);

  const result = (list: Entry[], guess: boolean): RegionMatch => {
    if (list.length === 0) return { kind: 'none' };
    if (list.length === 1 && !guess) return { kind: 'one', region: list[0]!.region };
    return { kind: 'choices', options: list.slice(0, MAX_CHOICES).map((e) => e.region) };
  };
  const inProvince = (list: Entry[], province?: Province) =>
    province ? list.filter((e) => e.provinceCode === province.code) : list;
  const ofKind = (list: Entry[], kind?: Kind) => {
    if (!kind) return list;
    const narrowed = list.filter((e) => e.kind === kind);
    // "kota sleman" names a kind that does not exist: the name matters more than the kind.
    return narrowed.length ? narrowed : list;
  };

  /** Exact name, ignoring spaces; without a kind, longer names that start with it follow ("bandung barat"). */
  function exact(q: { words: string[]; kind?: Kind }, province?: Province): Entry[] {
    if (!q.words.length) return [];
    const hits = inProvince(byKey.get(keyOf(q.words)) ?? [], province).sort(byCodeOrder);
    if (!hits.length) return [];
    // "kab bandung" is exactly one place; "bandung" also offers "Bandung Barat".
    if (q.kind && hits.some((e) => e.kind === q.kind)) return hits.filter((e) => e.kind === q.kind);
    const phrase = `${q.words.join(' ')} `;
    const longer = inProvince(entries, province)
      .filter((e) => e.core.startsWith(phrase))
      .sort(byCodeOrder);
    return [...hits, ...longer];
  }

  function fuzzy(q: { words: string[]; kind?: Kind }, province?: Province): Entry[] {
    const text = q.words.join(' ');
    // One or two letters would prefix-match half the country.
    if (text.replace(/ /g, '').length < 3) return [];
    const found = search.search(
      text,
      province ? { filter: (r) => r.id.startsWith(`${province.code}.`) } : {},
    );
    if (!found.length) return [];
    // minisearch finds what is close word by word; the nearest spelling of the whole name decides
    // ("semarng" is Semarang, not Serang). A name typed halfway counts as its beginning ("tangerang sel").
    const qk = keyOf(q.words);
    const cost = (e: Entry) => Math.min(distance(qk, e.key), distance(qk, e.key.slice(0, qk.length)));
    const ranked = found.map((r) => byCode.get(String(r.id))!).map((e) => ({ e, c: cost(e) }));
    const best = Math.min(...ranked.map((r) => r.c));
    const nearest = ranked.filter((r) => r.c === best).map((r) => r.e);
    return ofKind(nearest.sort(byCodeOrder), q.kind);
  }

  function provinceOnly(p: Province): RegionMatch {
    if (p.entries.length <= MAX_CHOICES) return result(p.entries, true);
    return { kind: 'none', province: p.display };
  }

  function findProvince(norm: string): { province: Province; rest: string } | undefined {
    const padded = ` ${norm} `;
    for (const phrase of phrasesLongestFirst) {
      const at = padded.indexOf(` ${phrase} `);
      if (at >= 0) {
        const rest = `${padded.slice(0, at)} ${padded.slice(at + phrase.length + 2)}`.trim();
        return { province: provincePhrases.get(phrase)!, rest };
      }
    }
    return undefined;
  }

  function provinceByTypo(norm: string): Province | undefined {
    const key = norm.replace(/ /g, '');
    if (key.length < 4) return undefined;
    let best: { p: Province; d: number } | undefined;
    for (const [phrase, p] of provincePhrases) {
      const d = distance(key, phrase.replace(/ /g, ''));
      if (d <= Math.floor(key.length / 4) && (!best || d < best.d)) best = { p, d };
    }
    return best?.p;
  }

  function aliased(q: { words: string[]; kind?: Kind }, province?: Province): Entry[] {
    const list = inProvince(regencyAliases.get(q.words.join(' ')) ?? [], province);
    return ofKind(list, q.kind);
  }

  function matchWords(q: { words: string[]; kind?: Kind }, province?: Province): RegionMatch | undefined {
    const a = aliased(q, province);
    if (a.length) return result(a, false);
    const e = exact(q, province);
    if (e.length) return result(e, false);
    const f = fuzzy(q, province);
    if (f.length) return result(f, true);
    return undefined;
  }

  function match(text: string): RegionMatch {
    const norm = normalise(text);
    if (!norm) return { kind: 'none' };
    const all = words(norm);

    const alias = aliased(all);
    if (alias.length) return result(alias, false);

    // The whole answer is a province ("jawa tengah", "di yogyakarta", "gorontalo").
    const asProvince = provincePhrases.get(
      norm
        .split(' ')
        .filter((w) => !['PROVINSI', 'PROV', 'PROPINSI'].includes(w))
        .join(' '),
    );
    if (asProvince) {
      const sameName = exact(all);
      if (sameName.length) return result(sameName, true);
      return provinceOnly(asProvince);
    }

    const e = exact(all);
    if (e.length) return result(e, false);

    // "kab. sleman, diy": a province named alongside narrows the search.
    const mention = findProvince(norm);
    if (mention) {
      const rest = words(mention.rest);
      if (!rest.words.length) return provinceOnly(mention.province);
      return matchWords(rest, mention.province) ?? matchWords(rest) ?? provinceOnly(mention.province);
    }

    const f = fuzzy(all);
    if (f.length) return result(f, true);
    const typo = provinceByTypo(norm);
    if (typo) return provinceOnly(typo);
    return { kind: 'none' };
  }

  return {
    match,
    byCode: (code) => byCode.get(code)?.region,
    size: entries.length,
  };
}
