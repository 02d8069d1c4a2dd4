import type { z } from 'zod';
import type { UpdateSettingsBody, UserSettings } from '../../../shared/api/social.js';
import type { SocialApi } from '../api/social.js';
import { Store } from '../lib/store.js';
import { readCache, writeCache } from './local-data.js';

const CACHE_KEY = 'settings';

/**
 * The account's server-side settings, held once for the whole app: the cached copy at once, the
 * server's after `load`, and every change made through `update` pushed to every reader (the
 * settings screen, chat notifications, the inbox pop-ups). Nothing polls.
 */
export class UserSettingsStore {
  /** Null until the cache or the server has told. */
  readonly value: Store<UserSettings | null>;

  constructor(
    private readonly social: Pick<SocialApi, 'settings' | 'updateSettings'>,
    userId: string,
  ) {
    this.value = new Store(readCache<UserSettings>(userId, CACHE_KEY));
    this.value.subscribe(() => writeCache(userId, CACHE_KEY, this.value.get()));
  }

  /** Reads the settings from the server; on failure it throws and the value stays as it was. */
  async load(): Promise<UserSettings> {
    const settings = await this.social.settings();
    this.value.set(settings);
    return settings;
  }

  /** Changes some settings on the server and shows the answer everywhere; a refused change throws and changes nothing. */
  async update(change: z.input<typeof UpdateSettingsBody>): Promise<UserSettings> {
    const settings = await this.social.updateSettings(change);
    this.value.set(settings);
    return settings;
  }
}

/** "Show desktop notifications": on until the server or the cache says off. */
export function desktopNotificationsOn(settings: UserSettings | null): boolean {
  return settings?.desktopNotifications ?? true;
}
