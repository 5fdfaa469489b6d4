import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { SessionState } from '../core/flow';
import type { Outbound } from '../core/message';
import { bytea } from './bytea';
import { encryptedBytes, encryptedId, encryptedJson, encryptedText } from './encrypted';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const id = () => bigserial('id', { mode: 'number' }).primaryKey();
const ref = (name: string) => bigint(name, { mode: 'number' });

/** One person on one channel. Identity beyond the platform id is never required. */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    channel: text('channel').notNull(),
    /** The platform id (a Telegram id, a WhatsApp number), sealed deterministically (src/db/encrypted.ts). */
    externalId: encryptedId('external_id').notNull(),
    locale: text('locale').notNull().default('id'),
    subscribed: boolean('subscribed').notNull().default(false),
    subscribedAt: timestamp('subscribed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    /** The platform says we cannot reach them (blocked the bot, number gone): never retried. */
    unreachableAt: timestamp('unreachable_at', { withTimezone: true }),
    unreachableReason: text('unreachable_reason'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The person asked for their data to be deleted: this row is a tombstone with a random
     * external id, kept only until the confirmation has been sent (then the retention job drops it).
     */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('contacts_channel_external').on(t.channel, t.externalId),
    index('contacts_subscribed').on(t.subscribed).where(sql`${t.subscribed}`),
  ],
);

export const sessions = pgTable('sessions', {
  contactId: ref('contact_id')
    .primaryKey()
    .references(() => contacts.id, { onDelete: 'cascade' }),
  state: encryptedJson<SessionState>('state').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The durable inbox: every inbound event is written here before the platform is told we have it,
 * and handled later by a worker in any process, one user's events in platform order. The unique
 * `(channel, account, event_id)` is the deduplication; handled rows expire after
 * INBOX_RETENTION_DAYS, so ids a platform reuses later (Telegram renumbers updates) are new again.
 */
export const inbox = pgTable(
  'inbox',
  {
    id: id(),
    channel: text('channel').notNull(),
    /** Which bot or number received it (Telegram bot id, WhatsApp account): ids are per account. */
    account: text('account').notNull(),
    /** The platform's own id: `m<chat>:<message_id>`, `cb<callback id>`, a WhatsApp message id. */
    eventId: encryptedId('event_id').notNull(),
    /** One person (or chat): the unit of ordering. */
    userKey: encryptedId('user_key').notNull(),
    /** The platform's order (Telegram update_id, WhatsApp timestamp); ties keep arrival order. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** The normalised event (channel.ts `InboxEvent`), rebuildable without the platform. */
    payload: encryptedJson<Record<string, unknown>>('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker holds it until then; after that another worker may take it (the first one died). */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    /**
     * Every reply bubble of this event went out (or was given up). A user's next event waits for it,
     * so replies keep the user's order even when consecutive events are handled by different processes.
     */
    repliedAt: timestamp('replied_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbox_event').on(t.channel, t.account, t.eventId),
    index('inbox_unreplied').on(t.userKey).where(sql`${t.handledAt} is not null and ${t.repliedAt} is null`),
    index('inbox_pending').on(t.userKey, t.seq, t.id).where(sql`${t.handledAt} is null`),
    index('inbox_handled_at').on(t.handledAt),
  ],
);

/**
 * Transactional outbox, one row per bubble: written with the state change and sent after commit,
 * so a crash between the two delays a reply instead of losing it, and a retry never re-sends a
 * bubble that already arrived.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    contactId: ref('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    /** The inbox event these replies answer (none for notifications). */
    inboxId: ref('inbox_id'),
    message: encryptedJson<Outbound>('message').notNull(),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** Given up: the platform refused for good. */
    failedAt: timestamp('failed_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending')
      .on(t.channel, t.nextAttemptAt)
      .where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
    index('outbox_inbox').on(t.inboxId),
  ],
);

export const reportStatus = pgEnum('report_status', [
  'baru',
  'diverifikasi',
  'diteruskan',
  'ditolak',
  'selesai',
]);

export const reports = pgTable(
  'reports',
  {
    id: id(),
    ticket: text('ticket').notNull(),
    /** Null once the reporter deleted their data: the report stays, with no link to them. */
    contactId: ref('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    category: text('category').notNull(),
    status: reportStatus('status').notNull().default('baru'),
    fields: encryptedJson<Record<string, unknown>>('fields').notNull(),
    anonymous: boolean('anonymous').notNull().default(true),
    reporterName: encryptedText('reporter_name'),
    reporterContact: encryptedText('reporter_contact'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** The reporter deleted their data: identity cleared, names and numbers taken out of the text. */
    identityWithdrawnAt: timestamp('identity_withdrawn_at', { withTimezone: true }),
    /** Retention: a closed report's evidence was deleted and its text pseudonymised. */
    pseudonymisedAt: timestamp('pseudonymised_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reports_ticket').on(t.ticket),
    index('reports_status_created').on(t.status, t.createdAt),
    index('reports_contact_created').on(t.contactId, t.createdAt),
  ],
);

export const reportEvents = pgTable(
  'report_events',
  {
    id: id(),
    reportId: ref('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    status: reportStatus('status').notNull(),
    note: encryptedText('note'),
    /** Who changed it: `reporter`, `admin:<pseudonym>`, `cli`. */
    actor: text('actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('report_events_report').on(t.reportId, t.createdAt)],
);

/** A file kept once per content hash, whoever sent it and however often. */
export const evidenceFiles = pgTable(
  'evidence_files',
  {
    id: id(),
    sha256: text('sha256').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    bytes: encryptedBytes('bytes').notNull(),
    ocrText: encryptedText('ocr_text'),
    ocrStatus: text('ocr_status').notNull().default('none'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('evidence_files_sha256').on(t.sha256)],
);

export const reportEvidence = pgTable(
  'report_evidence',
  {
    reportId: ref('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    evidenceId: ref('evidence_id')
      .notNull()
      .references(() => evidenceFiles.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.evidenceId] }),
    index('report_evidence_file').on(t.evidenceId),
  ],
);

/**
 * Who sent which file (a file is stored once, however many people send it): what a deletion
 * request removes, and how the retention job knows a file is still in someone's draft.
 */
export const evidenceSenders = pgTable(
  'evidence_senders',
  {
    evidenceId: ref('evidence_id')
      .notNull()
      .references(() => evidenceFiles.id, { onDelete: 'cascade' }),
    contactId: ref('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.evidenceId, t.contactId] }),
    index('evidence_senders_contact').on(t.contactId),
  ],
);

export const qaFeedback = pgTable('qa_feedback', {
  id: id(),
  contactId: ref('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
  topicId: text('topic_id'),
  question: encryptedText('question'),
  helpful: boolean('helpful').notNull(),
  createdAt: createdAt(),
});

/**
 * The Q&A gap inbox: questions the bot declined, clarifications users chose, answers marked 👎.
 * The question text is kept for admins; the sender only as a salted hash (never the contact row),
 * so the inbox shows how many people ask without saying who.
 */
export const qaGaps = pgTable(
  'qa_gaps',
  {
    id: id(),
    /** declined | clarified | picked | neither | unhelpful */
    reason: text('reason').notNull(),
    /** What was asked, for admins; it may name someone, so it is sealed like report text. */
    question: encryptedText('question').notNull(),
    /** The topic chosen or marked unhelpful; null for a decline. */
    topicId: text('topic_id'),
    /** What kind of message and about whom (src/knowledge/kinds.ts). */
    kind: text('kind'),
    actor: text('actor'),
    locale: text('locale').notNull(),
    senderHash: text('sender_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('qa_gaps_created').on(t.createdAt)],
);

export const broadcastStatus = pgEnum('broadcast_status', [
  'draft',
  'planned',
  'sending',
  'done',
  'cancelled',
]);

export const broadcasts = pgTable('broadcasts', {
  id: id(),
  /** The admin's user key (sealed: it is their platform id), or `cli`. */
  createdBy: encryptedId('created_by').notNull(),
  text: text('text').notNull(),
  imageMime: text('image_mime'),
  image: bytea('image'),
  /** `{ channels?: string[], locale?: string }` */
  audience: jsonb('audience').$type<{ channels?: string[]; locale?: string }>().notNull(),
  status: broadcastStatus('status').notNull().default('draft'),
  createdAt: createdAt(),
  plannedAt: timestamp('planned_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
});

/**
 * `unknown`: the send went out and its answer was lost (timeout, reset): it may have arrived, so it
 * is never retried (broadcasts are at most once) and is counted apart.
 */
export const deliveryStatus = pgEnum('delivery_status', ['pending', 'sent', 'failed', 'skipped', 'unknown']);

export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    broadcastId: ref('broadcast_id')
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    contactId: ref('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /**
     * The platform's id of the message sent (WhatsApp Cloud API wamid), which its status webhooks
     * name; sealed, because a wamid encodes the recipient's number.
     */
    platformMessageId: encryptedId('platform_message_id'),
    /** What the platform said last: sent, delivered, read or failed (WhatsApp Cloud API statuses). */
    platformStatus: text('platform_status'),
    /** How it went out: `text` (inside the 24-hour window) or `template` (WhatsApp Cloud API). */
    via: text('via'),
  },
  (t) => [
    uniqueIndex('deliveries_once').on(t.broadcastId, t.contactId),
    index('deliveries_pending').on(t.broadcastId, t.channel, t.status),
    index('deliveries_platform_message').on(t.platformMessageId),
  ],
);

/** WhatsApp (baileys) credentials and signal keys, so a redeploy never needs pairing again. */
export const whatsappAuth = pgTable(
  'whatsapp_auth',
  {
    account: text('account').notNull(),
    /** Signal keys are named after the contacts' numbers; sealed like other platform ids. */
    key: encryptedId('key').notNull(),
    /** The bot's WhatsApp login and Signal keys: whoever holds them can act as the bot. */
    value: encryptedText('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.account, t.key] })],
);

/**
 * What the bot sent on WhatsApp, by message id, for a while: a recipient's phone that could not
 * decrypt a message asks for it again, and baileys answers through `getMessage` from here.
 */
export const whatsappSent = pgTable(
  'whatsapp_sent',
  {
    account: text('account').notNull(),
    messageId: text('message_id').notNull(),
    /** Who it went to (contact deletion removes their rows). */
    jid: encryptedId('jid').notNull(),
    /** The message content (baileys' proto as BufferJSON): message text, so sealed. */
    message: encryptedText('message').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.account, t.messageId] }),
    index('whatsapp_sent_jid').on(t.jid),
    index('whatsapp_sent_created').on(t.createdAt),
  ],
);

/** Fixed-window counters per contact and action (ticket lookups), shared by every process. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    contactId: ref('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.action] })],
);

/**
 * Admin dashboard sessions (src/dashboard/). Only a hash of the session id is stored, so a database
 * dump opens no session; `actor` is the admin's pseudonym (`admin:<hash>`) or `cli`.
 */
export const dashboardSessions = pgTable(
  'dashboard_sessions',
  {
    id: id(),
    idHash: text('id_hash').notNull(),
    actor: text('actor').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dashboard_sessions_id_hash').on(t.idHash)],
);

/** One-time login links already used (their signed id); a link is refused once its id is here. */
export const dashboardUsedLinks = pgTable('dashboard_used_links', {
  linkId: text('link_id').primaryKey(),
  usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Who looked at what in the dashboard: every view of a reporter's identity, every status change. */
export const dashboardAudit = pgTable(
  'dashboard_audit',
  {
    id: id(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    reportId: ref('report_id').references(() => reports.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('dashboard_audit_report').on(t.reportId, t.createdAt)],
);

/** Questions answered with a topic, per day (WIB): the dashboard's answered-vs-declined numbers. No one's text. */
export const qaDaily = pgTable(
  'qa_daily',
  {
    day: text('day').notNull(),
    answered: integer('answered').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day] })],
);
