import { t } from '../content/copy';
import type { EffectHandler } from '../core/dispatcher';
import type { Json } from '../core/flow';
import type { Choice, Locale, Outbound } from '../core/message';
import { countHit } from '../privacy/rate-limit';
import { CATEGORIES, type Category, type Draft } from './draft';
import { linkEvidence } from './evidence';
import { draftOf, eventsOf, findByTicket, insertReport, type ReportRow, reportsToday } from './store';
import { formatDate, summaryText } from './summary';

declare module '../core/effects' {
  interface EffectMap {
    /** Confirm a reviewed draft: write the report, its first status, link its files, reply with the ticket. */
    'report.submit': { draft: { [k: string]: Json }; locale: Locale };
    /** Show a report's status (`status`) or its ready-to-paste summary (`summary`) to its reporter or an admin. */
    'report.status': { ticket: string; mode: 'status' | 'summary'; asAdmin: boolean; locale: Locale };
  }
}

/** Draft keys that are conversation state, not part of the report. */
const TRANSIENT = [
  '_form',
  'editing',
  'resumeStep',
  'whereOptions',
  'whereGuess',
  'contactId',
  'carry',
  'carryCategory',
  'cancelFrom',
  'reporter',
  'consent',
];

export function reportFields(draft: Draft): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(draft).filter(([k, v]) => !TRANSIENT.includes(k) && v !== undefined),
  );
}

/** Where each category goes after the bot (reporting.md): ASN → BKN, violations → Bawaslu, hoax → Komdigi. */
export function destinationKey(category: Category): string {
  return `report.next.${category}`;
}

function followUpChoices(ticket: string, category: Category, locale: Locale): Choice[] {
  return [
    { id: `status:summary:${ticket}`, label: t(`report.choice.handoff.${category}`, locale) },
    { id: `status:check:${ticket}`, label: t('report.choice.check', locale) },
  ];
}

export const submitReport: EffectHandler<'report.submit'> = async (effect, env) => {
  const locale = effect.locale;
  const draft = effect.draft as Draft;
  const category = CATEGORIES.find((c) => c === draft.category) ?? 'other';
  // The flow checks the cap before confirming (draft kept); this guards the write itself.
  if ((await reportsToday(env.tx, env.contact.id)) >= env.config.REPORTS_PER_DAY) {
    return { replies: [{ text: t('report.cooldown', locale, { max: env.config.REPORTS_PER_DAY }) }] };
  }
  const reporter = draft.reporter ?? { anonymous: true };
  const { id, ticket } = await insertReport(env.tx, {
    contactId: env.contact.id,
    category,
    fields: reportFields(draft),
    reporter,
  });
  if (draft.files?.length) await linkEvidence(env.tx, id, draft.files);
  env.log.info({ report: id, category }, 'report submitted');
  return {
    replies: [
      { text: t('report.submitted', locale, { ticket }) },
      {
        text: t(destinationKey(category), locale, { ticket }),
        choices: followUpChoices(ticket, category, locale),
      },
    ],
  };
};

function statusLabel(status: string, locale: Locale): string {
  return t(`report.status.${status}`, locale);
}

/** The status and its history, as the reporter sees it. */
export async function statusMessage(
  q: Parameters<typeof eventsOf>[0],
  report: ReportRow,
  locale: Locale,
): Promise<Outbound> {
  const events = await eventsOf(q, report.id);
  const history = events
    .map((e) => {
      const day = formatDate(e.createdAt.toISOString().slice(0, 10), locale);
      const note = e.note ? t('report.status_note', locale, { note: e.note }) : '';
      return `• ${day}: ${statusLabel(e.status, locale)}${note}`;
    })
    .join('\n');
  return {
    text: t('report.status_show', locale, {
      ticket: report.ticket,
      status: statusLabel(report.status, locale),
      history: { raw: history },
    }),
  };
}

/** The report as plain text for the official channel, so the citizen never types it twice. */
export function handoffMessage(report: ReportRow, locale: Locale): Outbound[] {
  const d = draftOf(report);
  return [
    { text: t(`report.handoff_intro.${d.category}`, locale) },
    {
      text: t('report.handoff', locale, {
        ticket: report.ticket,
        summary: { raw: summaryText(d, locale, { full: true }) },
      }),
    },
  ];
}

const HOUR = 60 * 60 * 1000;

export const showStatus: EffectHandler<'report.status'> = async (effect, env) => {
  const locale = effect.locale;
  // Tickets are unguessable, but not unlimitedly so: a contact gets a few lookups an hour (admins any).
  if (!effect.asAdmin) {
    const gate = await countHit(env.tx, {
      contactId: env.contact.id,
      action: 'ticket-lookup',
      limit: env.config.TICKET_LOOKUPS_PER_HOUR,
      windowMs: HOUR,
      now: env.now,
    });
    if (!gate.allowed) {
      const minutes = Math.max(1, Math.ceil(gate.retryAfterMs / 60_000));
      return { replies: [{ text: t('privacy.lookups_limited', locale, { minutes }) }] };
    }
  }
  const report = await findByTicket(env.tx, effect.ticket);
  // Someone else's ticket gets exactly the answer a non-existent one gets: nothing leaks.
  if (!report || (report.contactId !== env.contact.id && !effect.asAdmin)) {
    return { replies: [{ text: t('report.status_not_found', locale, { ticket: effect.ticket }) }] };
  }
  if (effect.mode === 'summary') return { replies: handoffMessage(report, locale) };
  return { replies: [await statusMessage(env.tx, report, locale)] };
};
