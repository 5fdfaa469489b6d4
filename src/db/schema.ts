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

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const id = () => bigserial('id', { mode: 'number' }).primaryKey();
const ref = (name: string) => bigint(name, { mode: 'number' });

/** One person on one channel. Identity beyond the platform id is never required. */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    locale: text('locale').notNull().default('id'),
    subscribed: boolean('subscribed').notNull().default(false),
    subscribedAt: timestamp('subscribed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    /** The platform says we cannot reach them (blocked the bot, number gone): never retried. */
    unreachableAt: timestamp('unreachable_at', { withTimezone: true }),
    unreachableReason: text('unreachable_reason'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
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
  state: jsonb('state').$type<SessionState>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Idempotency: a platform message id handled once, in the same transaction as its effects. */
export const handledMessages = pgTable(
  'handled_messages',
  {
    channel: text('channel').notNull(),
    messageId: text('message_id').notNull(),
    contactId: ref('contact_id'),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.messageId] }), index('handled_messages_at').on(t.handledAt)],
);

/**
 * Transactional outbox: replies are written with the state change and sent after commit, so a crash
 * between the two delays a reply instead of losing it.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    contactId: ref('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    messageId: text('message_id'),
    messages: jsonb('messages').$type<Outbound[]>().notNull(),
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
    index('outbox_message').on(t.channel, t.messageId),
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
    contactId: ref('contact_id')
      .notNull()
      .references(() => contacts.id),
    category: text('category').notNull(),
    status: reportStatus('status').notNull().default('baru'),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    anonymous: boolean('anonymous').notNull().default(true),
    reporterName: text('reporter_name'),
    reporterContact: text('reporter_contact'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
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
    note: text('note'),
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
    bytes: bytea('bytes').notNull(),
    ocrText: text('ocr_text'),
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

export const qaFeedback = pgTable('qa_feedback', {
  id: id(),
  contactId: ref('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
  topicId: text('topic_id'),
  question: text('question'),
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
    question: text('question').notNull(),
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
  createdBy: text('created_by').notNull(),
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

export const deliveryStatus = pgEnum('delivery_status', ['pending', 'sent', 'failed', 'skipped']);

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
  },
  (t) => [
    uniqueIndex('deliveries_once').on(t.broadcastId, t.contactId),
    index('deliveries_pending').on(t.broadcastId, t.channel, t.status),
  ],
);

/** WhatsApp (baileys) credentials and signal keys, so a redeploy never needs pairing again. */
export const whatsappAuth = pgTable(
  'whatsapp_auth',
  {
    account: text('account').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.account, t.key] })],
);
