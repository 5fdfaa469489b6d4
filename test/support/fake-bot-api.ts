/**
 * A fake Telegram Bot API on 127.0.0.1 for tests and benchmarks: the real telegraf client talks to it
 * through `apiRoot`, so everything from HTTP to multipart uploads is exercised without the network.
 *
 * Usage:
 *   const api = await startFakeBotApi();                 // random port, token FAKE_TOKEN
 *   const bot = new Telegraf(api.token, { telegram: { apiRoot: api.apiRoot, webhookReply: false } });
 *   api.pushUpdates(update1, update2);                   // delivered together in ONE getUpdates answer
 *   await api.waitForCalls('sendMessage', 2);            // resolves with the calls once there are 2
 *   api.failNext('sendMessage', { kind: 'retry', retryAfter: 1 }, { times: 1, chatId: 42 });
 *   api.registerFile('file-1', bytes);                   // getFile + GET /file/bot<token>/<path>
 *   await api.close();
 *
 * Every call is recorded in `api.calls` (method, params, uploaded files, time). Multipart params are
 * decoded like Telegram does: numbers stay strings, `reply_markup` is parsed back from JSON.
 * Methods it implements: getMe, deleteWebhook, setWebhook, getWebhookInfo, getUpdates, sendMessage,
 * sendPhoto, sendDocument, editMessageText, editMessageReplyMarkup, answerCallbackQuery,
 * sendChatAction, setMyCommands, deleteMyCommands, getFile. Any other method answers 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_TOKEN = '123456:FAKE-token_for-tests';

export interface UploadedFile {
  fileName?: string;
  mime?: string;
  size: number;
  bytes: Uint8Array;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** Files sent as multipart parts (e.g. `photo` when telegraf uploads a buffer). */
  files: Record<string, UploadedFile>;
  /** Epoch milliseconds with sub-millisecond precision, taken when the request body was read. */
  at: number;
  /** What the fake answered: 'ok', or the failure it was told to inject. */
  outcome: 'ok' | Failure['kind'] | 'error';
  /** The `result` of a successful answer (e.g. the sent message with its message_id). */
  result?: unknown;
}

/**
 * A failure to inject: `retry` → 429 with `parameters.retry_after`; `blocked` → 403 "Forbidden: bot
 * was blocked by the user"; `forbidden` → 403 with your description (e.g. "Forbidden: user is
 * deactivated"); `error` → any code and description; `network` → the socket is destroyed without an answer;
 * `lost` → the call is carried out (a message counts as delivered) and then the answer is lost (the
 * socket is destroyed); `hang` → no answer ever (until the fake closes).
 */
export type Failure =
  | { kind: 'retry'; retryAfter: number }
  | { kind: 'blocked' }
  | { kind: 'forbidden'; description: string }
  | { kind: 'error'; code: number; description: string }
  | { kind: 'network' }
  | { kind: 'lost' }
  | { kind: 'hang' };

export interface FailRule {
  method: string;
  failure: Failure;
  /** Only calls for this chat (compared as strings). */
  chatId?: number | string;
  /** Calls still to fail; Infinity fails every matching call. */
  remaining: number;
  /** Matching calls still to let through before failing starts. */
  skip: number;
}

export interface StoredFile {
  fileId: string;
  filePath: string;
  bytes: Uint8Array;
  /** What getFile announces; defaults to the real length (set it larger to fake an oversize file). */
  fileSize: number;
  /** Served chunked, without a Content-Length (a download must then count the bytes itself). */
  chunked?: boolean;
}

export interface FakeBotApiOptions {
  token?: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  botUser?: { id?: number; first_name?: string; username?: string };
  /** Longest a getUpdates call is held open, whatever `timeout` it asks for (default 2000 ms). */
  maxPollMs?: number;
  /**
   * How long an idle client connection is kept (default 1000 ms). Node's http agent gives up a
   * socket whose server hints less than ~2 s, so at the default every call opens a new TCP
   * connection; the real Bot API keeps them, so benchmarks set this longer.
   */
  keepAliveMs?: number;
}

type Json = Record<string, unknown>;

interface PendingPoll {
  offset: number;
  limit: number;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

interface Waiter {
  check(): boolean;
}

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  /** Paths of every GET /file/bot<token>/<path> request, in order (also ones that 404). */
  readonly fileRequests: string[] = [];
  readonly token: string;
  readonly botUser: { id: number; is_bot: true; first_name: string; username: string };
  /** Set by setWebhook, cleared by deleteWebhook. */
  webhook: { url: string; secretToken?: string } | undefined;
  /**
   * Last commands set, keyed by scope and language: '' (default), 'en', 'chat:42', 'chat:42|en'
   * (a scope other than default or chat is keyed by its type, e.g. 'all_private_chats').
   */
  readonly commands = new Map<string, { command: string; description: string }[]>();
  /** The update ids of each non-empty getUpdates answer, in order. */
  readonly batches: number[][] = [];
  /** Extra delay before each API answer, to model a slow network (default 0). */
  latencyMs = 0;

  private readonly updates: Json[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private readonly polls = new Set<PendingPoll>();
  private readonly rules: FailRule[] = [];
  private readonly files = new Map<string, StoredFile>();
  private readonly filesByPath = new Map<string, StoredFile>();
  private readonly waiters = new Set<Waiter>();
  private readonly maxPollMs: number;
  private server!: Server;
  private portNumber = 0;

  constructor(opts: FakeBotApiOptions = {}) {
    this.token = opts.token ?? FAKE_TOKEN;
    this.keepAliveMs = opts.keepAliveMs ?? 1000;
    this.botUser = {
      id: opts.botUser?.id ?? Number(this.token.split(':')[0]),
      is_bot: true,
      first_name: opts.botUser?.first_name ?? 'Pantau Netral',
      username: opts.botUser?.username ?? 'PantauNetralBot',
    };
    this.maxPollMs = opts.maxPollMs ?? 2000;
  }

  get port(): number {
    return this.portNumber;
  }

  /** Pass as telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  private readonly keepAliveMs: number;

  async listen(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.answer(res, 500, { ok: false, error_code: 500, description: String(err) });
      });
    });
    // Keep-alive sockets would hold close() open; telegraf reconnects as needed.
    this.server.keepAliveTimeout = this.keepAliveMs;
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.portNumber = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const poll of this.polls) {
      clearTimeout(poll.timer);
      if (!poll.res.writableEnded) this.answer(poll.res, 200, { ok: true, result: [] });
    }
    this.polls.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- updates -------------------------------------------------------------------------------

  /**
   * Queues updates for getUpdates. Updates pushed in one call are answered together in one batch
   * (if they fit the poll's `limit`). A missing `update_id` is assigned; the given ones are kept.
   * Returns the update ids.
   */
  pushUpdates(...updates: Json[]): number[] {
    const ids: number[] = [];
    for (const u of updates) {
      const id = typeof u.update_id === 'number' ? u.update_id : this.nextUpdateId;
      this.nextUpdateId = Math.max(this.nextUpdateId, id + 1);
      this.updates.push({ ...u, update_id: id });
      ids.push(id);
    }
    this.answerPolls();
    return ids;
  }

  /** Updates queued and not yet confirmed by a later getUpdates offset. */
  get pendingUpdates(): number {
    return this.updates.length;
  }

  /** A fresh update id, for tests that build updates themselves. */
  newUpdateId(): number {
    return this.nextUpdateId++;
  }

  // ---- files ---------------------------------------------------------------------------------

  /** Makes `fileId` known to getFile and its bytes downloadable. Returns the stored file. */
  registerFile(
    fileId: string,
    bytes: Uint8Array,
    opts: { filePath?: string; fileSize?: number; chunked?: boolean } = {},
  ): StoredFile {
    const file: StoredFile = {
      fileId,
      filePath: opts.filePath ?? `photos/${fileId}.bin`,
      bytes,
      fileSize: opts.fileSize ?? bytes.length,
      ...(opts.chunked ? { chunked: true } : {}),
    };
    this.files.set(fileId, file);
    this.filesByPath.set(file.filePath, file);
    return file;
  }

  // ---- failures ------------------------------------------------------------------------------

  /**
   * The next `times` calls (default 1) of `method`, optionally only those for `chatId`, get `failure`;
   * `skip` lets that many matching calls succeed first (e.g. fail the 2nd message of a reply).
   * Rules are used in the order they were added.
   */
  failNext(
    method: string,
    failure: Failure,
    opts: { times?: number; chatId?: number | string; skip?: number } = {},
  ): void {
    this.rules.push({
      method,
      failure,
      remaining: opts.times ?? 1,
      skip: opts.skip ?? 0,
      ...(opts.chatId !== undefined ? { chatId: opts.chatId } : {}),
    });
  }

  clearFailures(): void {
    this.rules.length = 0;
  }

  // ---- inspection ----------------------------------------------------------------------------

  callsOf(method: string, chatId?: number | string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.method === method && (chatId === undefined || String(c.params.chat_id) === String(chatId)),
    );
  }

  /** Texts (or captions) the bot delivered successfully to `chatId`, in order. */
  sentTexts(chatId?: number | string): string[] {
    return this.calls
      .filter(
        (c) =>
          c.outcome === 'ok' &&
          (c.method === 'sendMessage' || c.method === 'sendPhoto' || c.method === 'sendDocument') &&
          (chatId === undefined || String(c.params.chat_id) === String(chatId)),
      )
      .map((c) => String(c.params.text ?? c.params.caption ?? ''));
  }

  /** Resolves once `predicate` holds (checked after every call), or rejects after `timeoutMs`. */
  waitUntil(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          if (!predicate()) return false;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`fake Bot API: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Resolves with the calls of `method` (for `chatId`) once there are at least `count` of them. */
  async waitForCalls(
    method: string,
    count: number,
    opts: { chatId?: number | string; timeoutMs?: number } = {},
  ): Promise<RecordedCall[]> {
    // Counting incrementally keeps a 2,000-call wait linear instead of quadratic.
    let seen = 0;
    let scanned = 0;
    const matches = (c: RecordedCall) =>
      c.method === method && (opts.chatId === undefined || String(c.params.chat_id) === String(opts.chatId));
    await this.waitUntil(
      () => {
        for (; scanned < this.calls.length; scanned++) if (matches(this.calls[scanned]!)) seen++;
        return seen >= count;
      },
      opts.timeoutMs,
      `${count} × ${method}`,
    );
    return this.callsOf(method, opts.chatId);
  }

  /** Forgets recorded calls and file requests (rules, files and queued updates stay). */
  resetCalls(): void {
    this.calls.length = 0;
    this.fileRequests.length = 0;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const filePrefix = `/file/bot${this.token}/`;
    if (req.method === 'GET' && url.pathname.startsWith('/file/')) {
      const path = decodeURIComponent(url.pathname.slice(filePrefix.length));
      this.fileRequests.push(path);
      const file = url.pathname.startsWith(filePrefix) ? this.filesByPath.get(path) : undefined;
      if (!file) {
        res.writeHead(404).end();
      } else if (file.chunked) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        for (let i = 0; i < file.bytes.length; i += 64 * 1024)
          res.write(file.bytes.subarray(i, i + 64 * 1024));
        res.end();
      } else {
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': file.bytes.length,
        });
        res.end(file.bytes);
      }
      this.notify();
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m) {
      this.answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const body = await readBody(req);
    const { params, files } = await decodeParams(req.headers['content-type'] ?? '', body, url.searchParams);
    const method = m[2]!;
    const call: RecordedCall = {
      method,
      params,
      files,
      at: performance.timeOrigin + performance.now(),
      outcome: 'ok',
    };
    this.calls.push(call);
    if (m[1] !== this.token) {
      call.outcome = 'error';
      this.respond(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const failure = this.takeFailure(method, params);
    if (failure?.kind === 'lost') {
      // Telegram did it; only the answer never arrives.
      this.handle(method, params, files);
      this.notify();
      res.socket?.destroy();
      return;
    }
    if (failure) {
      call.outcome = failure.kind;
      this.fail(res, failure);
      return;
    }
    if (method === 'getUpdates') {
      this.notify();
      this.poll(params, res);
      return;
    }
    const result = this.handle(method, params, files);
    if (result === undefined) {
      call.outcome = 'error';
      this.respond(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    } else if (result instanceof ApiError) {
      call.outcome = 'error';
      this.respond(res, result.code, { ok: false, error_code: result.code, description: result.message });
    } else {
      call.result = result;
      this.respond(res, 200, { ok: true, result });
    }
  }

  private handle(method: string, p: Json, files: Record<string, UploadedFile>): unknown {
    const now = Math.floor(Date.now() / 1000);
    const chat = () => {
      const id = Number(p.chat_id);
      return { id, type: id < 0 ? 'group' : 'private' };
    };
    const message = (extra: Json) => ({
      message_id: this.nextMessageId++,
      date: now,
      chat: chat(),
      from: {
        id: this.botUser.id,
        is_bot: true,
        first_name: this.botUser.first_name,
        username: this.botUser.username,
      },
      ...extra,
    });
    switch (method) {
      case 'getMe':
        return {
          ...this.botUser,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      case 'setWebhook':
        if (typeof p.url !== 'string' || !p.url)
          return new ApiError(400, 'Bad Request: bad webhook: url is empty');
        this.webhook = {
          url: p.url,
          ...(typeof p.secret_token === 'string' ? { secretToken: p.secret_token } : {}),
        };
        return true;
      case 'getWebhookInfo':
        return {
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.updates.length,
        };
      case 'sendMessage':
        if (typeof p.text !== 'string' || !p.text)
          return new ApiError(400, 'Bad Request: message text is empty');
        if (p.text.length > 4096) return new ApiError(400, 'Bad Request: message is too long');
        return message({ text: p.text });
      case 'sendPhoto':
      case 'sendDocument': {
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        if (!files[field] && typeof p[field] !== 'string')
          return new ApiError(400, `Bad Request: there is no ${field} in the request`);
        if (typeof p.caption === 'string' && p.caption.length > 1024)
          return new ApiError(400, 'Bad Request: message caption is too long');
        const fileId = `sent-${this.nextMessageId}`;
        return message({
          ...(typeof p.caption === 'string' ? { caption: p.caption } : {}),
          ...(field === 'photo'
            ? {
                photo: [
                  {
                    file_id: fileId,
                    file_unique_id: fileId,
                    width: 1,
                    height: 1,
                    file_size: files.photo?.size ?? 0,
                  },
                ],
              }
            : {
                document: {
                  file_id: fileId,
                  file_unique_id: fileId,
                  file_name: files.document?.fileName,
                  file_size: files.document?.size ?? 0,
                },
              }),
        });
      }
      case 'editMessageText':
        if (typeof p.text !== 'string' || !p.text)
          return new ApiError(400, 'Bad Request: message text is empty');
        if (p.text.length > 4096) return new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        return message({ message_id: Number(p.message_id), text: p.text, edit_date: now });
      case 'editMessageReplyMarkup':
        return message({ message_id: Number(p.message_id), edit_date: now });
      case 'answerCallbackQuery':
      case 'sendChatAction':
        return true;
      case 'setMyCommands':
        this.commands.set(
          commandsKey(p),
          Array.isArray(p.commands) ? (p.commands as { command: string; description: string }[]) : [],
        );
        return true;
      case 'deleteMyCommands':
        this.commands.delete(commandsKey(p));
        return true;
      case 'getFile': {
        const file = this.files.get(String(p.file_id));
        if (!file) return new ApiError(400, 'Bad Request: invalid file_id');
        return {
          file_id: file.fileId,
          file_unique_id: file.fileId,
          file_size: file.fileSize,
          file_path: file.filePath,
        };
      }
      default:
        return undefined;
    }
  }

  private poll(p: Json, res: ServerResponse): void {
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    // A getUpdates with an offset confirms every update before it.
    if (offset > 0) {
      while (this.updates.length && Number(this.updates[0]!.update_id) < offset) this.updates.shift();
    }
    const ready = this.take(offset, limit);
    const timeoutMs = Math.min(this.maxPollMs, Number(p.timeout ?? 0) * 1000);
    if (ready.length || timeoutMs <= 0) {
      if (ready.length) this.batches.push(ready.map((u) => Number(u.update_id)));
      this.respond(res, 200, { ok: true, result: ready });
      return;
    }
    const poll: PendingPoll = {
      offset,
      limit,
      res,
      timer: setTimeout(() => {
        this.polls.delete(poll);
        this.answer(res, 200, { ok: true, result: [] });
      }, timeoutMs),
    };
    res.on('close', () => {
      clearTimeout(poll.timer);
      this.polls.delete(poll);
    });
    this.polls.add(poll);
  }

  private take(offset: number, limit: number): Json[] {
    return this.updates.filter((u) => Number(u.update_id) >= offset).slice(0, limit);
  }

  private answerPolls(): void {
    for (const poll of this.polls) {
      const ready = this.take(poll.offset, poll.limit);
      if (!ready.length) continue;
      clearTimeout(poll.timer);
      this.polls.delete(poll);
      this.batches.push(ready.map((u) => Number(u.update_id)));
      this.answer(poll.res, 200, { ok: true, result: ready });
      this.notify();
    }
  }

  private takeFailure(method: string, p: Json): Failure | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || rule.method !== method) continue;
      if (rule.chatId !== undefined && String(rule.chatId) !== String(p.chat_id)) continue;
      if (rule.skip > 0) {
        rule.skip--;
        continue;
      }
      rule.remaining--;
      return rule.failure;
    }
    return undefined;
  }

  private fail(res: ServerResponse, f: Failure): void {
    switch (f.kind) {
      case 'retry':
        return this.respond(res, 429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${f.retryAfter}`,
          parameters: { retry_after: f.retryAfter },
        });
      case 'blocked':
        return this.respond(res, 403, {
          ok: false,
          error_code: 403,
          description: 'Forbidden: bot was blocked by the user',
        });
      case 'forbidden':
        return this.respond(res, 403, { ok: false, error_code: 403, description: f.description });
      case 'error':
        return this.respond(res, f.code, { ok: false, error_code: f.code, description: f.description });
      case 'network':
        this.notify();
        res.socket?.destroy();
        return;
      case 'lost':
        return;
      case 'hang':
        this.notify();
        return;
    }
  }

  private respond(res: ServerResponse, status: number, body: Json): void {
    if (this.latencyMs > 0) {
      setTimeout(() => this.answer(res, status, body), this.latencyMs);
    } else {
      this.answer(res, status, body);
    }
    this.notify();
  }

  private answer(res: ServerResponse, status: number, body: Json): void {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private notify(): void {
    for (const w of this.waiters) w.check();
  }
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeBotApi(opts: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  return new FakeBotApi(opts).listen(opts.port);
}

/**
 * POSTs an update to a webhook the way Telegram does (with the secret header when given) and
 * returns the HTTP status.
 */
export async function postWebhookUpdate(url: string, update: Json, secret?: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}),
    },
    body: JSON.stringify(update),
  });
  await res.arrayBuffer();
  return res.status;
}

function commandsKey(p: Json): string {
  const scope = p.scope as { type?: string; chat_id?: number | string } | undefined;
  const scopeKey =
    !scope || scope.type === 'default'
      ? ''
      : scope.type === 'chat'
        ? `chat:${scope.chat_id}`
        : String(scope.type);
  const lang = typeof p.language_code === 'string' ? p.language_code : '';
  return [scopeKey, lang].filter(Boolean).join('|');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const MULTIPART_JSON_FIELDS = new Set([
  'reply_markup',
  'commands',
  'entities',
  'caption_entities',
  'link_preview_options',
]);

async function decodeParams(
  contentType: string,
  body: Buffer,
  query: URLSearchParams,
): Promise<{ params: Json; files: Record<string, UploadedFile> }> {
  const params: Json = Object.fromEntries(query);
  const files: Record<string, UploadedFile> = {};
  if (!body.length) return { params, files };
  if (contentType.startsWith('application/json')) {
    return { params: { ...params, ...(JSON.parse(body.toString('utf8')) as Json) }, files };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return {
      params: { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) },
      files,
    };
  }
  if (contentType.startsWith('multipart/form-data')) {
    // undici's multipart parser (behind Response.formData) saves writing one here.
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form) {
      if (typeof value === 'string') {
        params[key] = MULTIPART_JSON_FIELDS.has(key) ? safeJson(value) : value;
      } else {
        const bytes = new Uint8Array(await value.arrayBuffer());
        files[key] = {
          size: bytes.length,
          bytes,
          ...(value.name ? { fileName: value.name } : {}),
          ...(value.type ? { mime: value.type } : {}),
        };
      }
    }
  }
  return { params, files };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
