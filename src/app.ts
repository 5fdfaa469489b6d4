import { allFlows } from '../flows/index';
import type { ChannelAdapter } from './channels/channel';
import type { Config } from './config';
import {
  createDispatcher,
  type Dispatcher,
  type EffectHandlers,
  type WorkerOptions,
} from './core/dispatcher';
import type { AnyFlow, Services } from './core/flow';
import type { Senders } from './core/send';
import { makeRegistry, newBoot } from './core/step';
import type { Database } from './db/client';
import { effectHandlers } from './effects';
import type { Logger } from './log';
import { createServices } from './services';

export interface App {
  dispatcher: Dispatcher;
  channels: ChannelAdapter[];
}

/** Wires flows, services, effects and channels to one dispatcher. No I/O beyond building indexes. */
export async function createApp(opts: {
  config: Config;
  database: Database;
  channels: ChannelAdapter[];
  log: Logger;
  now?: () => Date;
  /** Replace the real flows, services or effects (tests of the engine itself). */
  flows?: AnyFlow[];
  services?: Services;
  effects?: EffectHandlers;
  worker?: WorkerOptions;
}): Promise<App> {
  const senders: Senders = {};
  for (const ch of opts.channels) senders[ch.name] = ch.sender;
  const dispatcher = createDispatcher({
    database: opts.database,
    // The boot stamp lets the step notice the first message after a restart (and show the question again).
    registry: makeRegistry(opts.flows ?? allFlows, { boot: newBoot(opts.now?.() ?? new Date()) }),
    config: opts.config,
    services: opts.services ?? (await createServices(opts.config)),
    effects: opts.effects ?? effectHandlers,
    senders,
    log: opts.log,
    channels: opts.channels,
    worker: {
      concurrency: opts.config.WORKER_CONCURRENCY,
      handles: !opts.config.INGRESS_ONLY,
      ...opts.worker,
    },
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { dispatcher, channels: opts.channels };
}
