import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphApi, GraphApiError } from '../../../src/channels/whatsapp-cloud/graph-api';
import {
  createCloudSender,
  PAIR_RATE_BACKOFF_MS,
  RATE_BACKOFF_MS,
} from '../../../src/channels/whatsapp-cloud/sender';
import { RetryLaterError } from '../../../src/core/send';
import { type FakeGraphApi, startFakeGraphApi } from '../../support/fake-graph-api';

describe('WhatsApp Cloud API reply sender', () => {
  let graph: FakeGraphApi;
  const to = '6281600000001';
  beforeAll(async () => {
    graph = await startFakeGraphApi();
  });
  afterAll(async () => {
    await graph.close();
  });
  const sender = (token?: string) =>
    createCloudSender({
      api: createGraphApi({
        apiRoot: graph.apiRoot,
        token: token ?? graph.token,
        phoneNumberId: graph.phoneNumberId,
        timeoutMs: 5000,
      }),
      localeFor: async () => 'id',
    });

  it('posts to {root}/{phone-number-id}/messages with the bearer token', async () => {
    await sender().send(to, [{ text: 'Halo' }]);
    const last = graph.sends.at(-1)!;
    expect(last).toMatchObject({ to, type: 'text', outcome: 'ok' });
    expect(last.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual' });
    await expect(sender('wrong-token').send(to, [{ text: 'x' }])).rejects.toBeInstanceOf(GraphApiError);
  });

  it('uploads a file first and sends it by its media id, with the caption', async () => {
    const png = Buffer.from('iVBORw0KGgo=', 'base64');
    await sender().send(to, [
      { text: 'Bukti', media: { kind: 'image', mime: 'image/png', base64: png.toString('base64') } },
    ]);
    const upload = graph.uploads.at(-1)!;
    expect(upload).toMatchObject({ mime: 'image/png', size: png.length });
    expect(graph.sends.at(-1)!.body.image).toEqual({ id: upload.id, caption: 'Bukti' });
  });

  it('turns throughput, pair-rate and 5xx answers into "retry later" for the outbox', async () => {
    graph.failNext({ code: 130429 });
    const rate = await sender()
      .send(to, [{ text: 'a' }])
      .catch((e: unknown) => e);
    expect(rate).toBeInstanceOf(RetryLaterError);
    expect((rate as RetryLaterError).retryAfterMs).toBe(RATE_BACKOFF_MS);
    graph.failNext({ code: 131056 });
    const pair = await sender()
      .send(to, [{ text: 'b' }])
      .catch((e: unknown) => e);
    expect((pair as RetryLaterError).retryAfterMs).toBe(PAIR_RATE_BACKOFF_MS);
    graph.failNext({ status: 502 });
    expect(
      await sender()
        .send(to, [{ text: 'c' }])
        .catch((e: unknown) => e),
    ).toBeInstanceOf(RetryLaterError);
    // A refusal that waiting cannot fix stays an error with Meta's code.
    graph.failNext({ code: 100 });
    const bad = await sender()
      .send(to, [{ text: 'd' }])
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(GraphApiError);
    expect((bad as GraphApiError).code).toBe(100);
  });
});
