import { type Config, DEFAULT_HTTP_PORT } from '../config';
import { t } from '../content/copy';
import type { EffectHandler } from '../core/dispatcher';
import { hashId } from '../log';
import { LINK_VALID_MS, loginUrl, makeLinkToken } from './auth';

/** Where admins open the dashboard: DASHBOARD_URL, else this server's own address. */
export function dashboardBase(config: Config): string {
  if (config.DASHBOARD_URL) return config.DASHBOARD_URL;
  const host = config.HTTP_HOST.includes(':') ? `[${config.HTTP_HOST}]` : config.HTTP_HOST;
  return `http://${host}:${config.HTTP_PORT ?? DEFAULT_HTTP_PORT}`;
}

export function dashboardLink(config: Config, sub: string, now: Date): string {
  if (!config.DASHBOARD_SECRET)
    throw new Error('DASHBOARD_SECRET is not resolved: load the configuration with loadConfig()');
  return loginUrl(dashboardBase(config), makeLinkToken(config.DASHBOARD_SECRET, sub, now));
}

/**
 * Whether a session's actor may still use the dashboard: an admin taken off ADMIN_TELEGRAM_IDS or
 * ADMIN_WHATSAPP_NUMBERS loses an open session at their next request, not after it expires. A link
 * from the operator's shell (`cli`) needs no admin entry.
 */
export function actorStillAdmin(config: Config, actor: string): boolean {
  if (!actor.startsWith('admin:')) return actor === 'cli';
  const keys = [
    ...config.ADMIN_TELEGRAM_IDS.map((id) => `telegram:${id}`),
    ...config.ADMIN_WHATSAPP_NUMBERS.map((n) => `whatsapp:${n}`),
  ];
  return keys.some((k) => `admin:${hashId(k)}` === actor);
}

/** `/dasbor`: the link names the admin by pseudonym, as their status changes in chat do. */
export const dashboardLinkEffect: EffectHandler<'dashboard.link'> = async (_e, env) => {
  const locale = env.contact.locale === 'en' ? 'en' : 'id';
  const url = dashboardLink(env.config, `admin:${hashId(env.userKey)}`, env.now);
  env.log.info({ admin: hashId(env.userKey) }, 'dashboard link issued');
  return {
    replies: [{ text: t('admin.dashboard_link', locale, { url, minutes: LINK_VALID_MS / 60_000 }) }],
  };
};
