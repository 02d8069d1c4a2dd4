import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSettings } from '../../shared/api/social.js';
import { ApiClient } from '../../desktop/renderer/api/client.js';
import { ApiError } from '../../desktop/renderer/api/http.js';
import { socialApi } from '../../desktop/renderer/api/social.js';
import { TokenKeeper } from '../../desktop/renderer/session/tokens.js';
import { desktopNotificationsOn, UserSettingsStore } from '../../desktop/renderer/session/user-settings.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { callAs } from '../helpers/social.js';

/** The account's one settings store (what the settings screen, chat and inbox pop-ups read) against a real server. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

function storeFor(user: TestUser) {
  const tokens = new TokenKeeper(server.url, { accessToken: user.accessToken, accessExpiresAt: Date.now() + 600_000, refreshToken: user.refreshToken }, { saved: async () => {}, ended: () => {} });
  const store = new UserSettingsStore(socialApi(new ApiClient(server.url, tokens)), user.id);
  const seen: Array<UserSettings | null> = [];
  store.value.subscribe(() => seen.push(store.value.get()));
  return { store, seen };
}

describe('UserSettingsStore', () => {
  it('loads the server settings once asked, with desktop notifications on until said otherwise', async () => {
    const { store, seen } = storeFor(await server.signUp('loader'));
    expect(store.value.get()).toBeNull();
    expect(desktopNotificationsOn(store.value.get())).toBe(true);
    await store.load();
    expect(seen).toEqual([{ emailFriendRequests: true, emailMissedMessages: true, desktopNotifications: true }]);
  });

  it('pushes a change to every reader at once, as the server stored it', async () => {
    const user = await server.signUp('switcher');
    const { store, seen } = storeFor(user);
    await store.update({ desktopNotifications: false });
    expect(seen).toHaveLength(1);
    expect(desktopNotificationsOn(store.value.get())).toBe(false);
    expect((await callAs(server, 'GET', '/users/me/settings', user)).body.settings.desktopNotifications).toBe(false);
    // Another store of the same account (another device) reads the same on its next load.
    const other = storeFor(user).store;
    await other.load();
    expect(other.value.get()).toEqual(store.value.get());
  });

  it('keeps what it had when the server refuses a change (wrong type, unknown or no setting)', async () => {
    const user = await server.signUp('refused');
    const { store, seen } = storeFor(user);
    const before = await store.load();
    for (const bad of [{ desktopNotifications: 'yes' }, { sounds: true }, {}]) {
      const err = await store.update(bad as never).catch((e: unknown) => e);
      expect(err, JSON.stringify(bad)).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(400);
      expect((err as ApiError).code).toBe('validation_failed');
    }
    expect(store.value.get()).toBe(before);
    expect(seen).toHaveLength(1);
  });
});
