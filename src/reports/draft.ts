/** The report being filled in: JSON only (files are referenced by sha256, never held as bytes). */

export const CATEGORIES = ['asn', 'hoax', 'money', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Common ASN behaviours (domain/rules.md §5, SKB 2022), offered as choices at the "what" step. */
export const BEHAVIOURS = [
  'social',
  'photo',
  'campaign',
  'props',
  'party',
  'favour',
  'team',
  'candidate',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

export const PLATFORMS = [
  'facebook',
  'instagram',
  'tiktok',
  'x',
  'whatsapp',
  'youtube',
  'offline',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export type RegionRef = {
  code: string;
  name: string;
  province: string;
};

export type Reporter = {
  anonymous: boolean;
  name?: string;
  contact?: string;
};

export type Draft = {
  category?: Category;
  /** Reported person; null = "tidak tahu". */
  who?: string | null;
  agency?: string | null;
  behaviour?: Behaviour | 'free';
  behaviourText?: string;
  platform?: Platform;
  links?: string[];
  /** Hashtags and @handles that came with the links. */
  tags?: string[];
  when?: string;
  whenApprox?: boolean;
  /** A matched region, or the place as typed (no region index), or null for "tidak tahu". */
  where?: RegionRef | { text: string } | null;
  /** Offered when the place was ambiguous. */
  whereOptions?: RegionRef[];
  /** The one place a misspelling could mean, waiting for a yes or no. */
  whereGuess?: RegionRef;
  files?: string[];
  noEvidenceReason?: string;
  chronology?: string;
  claim?: string;
  whyFalse?: string | null;
  reporter?: Reporter;
  consent?: boolean;
  /** The contact the draft belongs to, so the loader can count today's reports. */
  contactId?: number;
};

/** The questions asked for each category, in order; each is also a field the review can edit. */
export const SEQUENCES: Record<Category, readonly string[]> = {
  asn: [
    'who',
    'agency',
    'what',
    'platform',
    'links',
    'when',
    'where',
    'evidence',
    'chronology',
    'identity',
    'consent',
  ],
  hoax: ['claim', 'platform', 'links', 'evidence', 'why', 'identity', 'consent'],
  money: ['who', 'chronology', 'where', 'when', 'evidence', 'identity', 'consent'],
  other: ['who', 'chronology', 'where', 'when', 'evidence', 'identity', 'consent'],
};

/** Rough minutes for the intro ("8 questions, ±3 minutes"). */
export function questionCount(category: Category): { count: number; minutes: number } {
  const count = SEQUENCES[category].length;
  return { count, minutes: Math.max(2, Math.round(count / 3)) };
}

/** Bawaslu registers violations reported at most 7 days after they became known. */
export const BAWASLU_DAYS = 7;

export function daysBetween(dateIso: string, now: Date): number {
  const d = Date.parse(`${dateIso}T00:00:00Z`);
  // Days are counted on Western Indonesian Time, where most reports happen.
  const today = Date.parse(`${new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.round((today - d) / 86_400_000);
}
