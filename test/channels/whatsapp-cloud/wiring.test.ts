import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappBroadcastPace } from '../../../src/broadcast/plan';
import { broadcastSenders } from '../../../src/broadcast/senders';
import { channelLimiter } from '../../../src/broadcast/workers';
import { platformChannels } from '../../../src/channels/index';
import { isWhatsAppCloudChannel, WEBHOOK_PATH } from '../../../src/channels/whatsapp-cloud/adapter';
import { parseConfig } from '../../../src/config';
import { silentLogger } from '../../../src/log';
import { openTestDatabase, type TestDatabase } from '../../support/db';
import { type FakeGraphApi, startFakeGraphApi } from '../../support/fake-graph-api';
import { cloudEnv } from '../../support/whatsapp-cloud';

describe('WhatsApp Cloud API wiring', () => {
  let database: TestDatabase;
  let graph: FakeGraphApi;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    graph = await startFakeGraphApi();
  });
  afterAll(async () => {
    await graph.close();
    await database.close();
  });

  it('runs the Cloud API channel, its webhook route and its broadcast sender at the configured rate', async () => {
    const config = parseConfig({ ...cloudEnv(graph), WHATSAPP_CLOUD_RATE_PER_SECOND: '40' });
    const channels = await platformChannels(config, database, silentLogger);
    expect(channels.map((c) => c.name)).toEqual(['whatsapp']);
    expect(isWhatsAppCloudChannel(channels[0]!)).toBe(true);
    expect(channels[0]!.routes).toHaveLength(1);
    expect(WEBHOOK_PATH).toBe('/webhooks/whatsapp');
    // A worker-only process has no socket to hold: it sends and reads files through the Cloud API too.
    expect((await platformChannels(config, database, silentLogger, { workerOnly: true })).length).toBe(1);
    const senders = broadcastSenders(channels, config, silentLogger, database);
    expect(senders.whatsapp).toBeDefined();
    expect(channelLimiter('whatsapp', config).ratePerSecond).toBe(40);
    // Without it, WhatsApp keeps the baileys broadcast pace (slower than its replies).
    expect(channelLimiter('whatsapp', parseConfig({})).ratePerSecond).toBeCloseTo(
      whatsappBroadcastPace(parseConfig({})).ratePerMinute / 60,
    );
    expect(whatsappBroadcastPace(parseConfig({})).ratePerMinute).toBe(10);
  });
});
