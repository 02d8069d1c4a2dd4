import { z } from 'zod';
import type { SecretBox } from '../secrets.js';
import { ServerUrl, type SettingsStore } from '../settings.js';

/** An account as the renderer sees it: never the ciphertext. */
export interface AccountSummary {
  id: string;
  username: string;
  serverUrl: string;
}

/** The signed-in account to resume at start, with its refresh token when one could be kept. */
export interface ActiveAccount extends AccountSummary {
  refreshToken: string | null;
}

const SaveAccountInput = z.strictObject({
  id: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  serverUrl: ServerUrl,
  refreshToken: z.string().min(1).max(4096),
});
export type SaveAccountInput = z.input<typeof SaveAccountInput>;

const AccountId = z.string().min(1).max(64);

/** IPC: accounts signed in on this machine; refresh tokens go through the SecretBox. */
export function accountsHandlers(store: SettingsStore, secrets: SecretBox, now: () => number = Date.now) {
  return {
    /** Every saved account, most recently saved first. */
    list: async (): Promise<AccountSummary[]> =>
      // Saving moves an account to the end, so the array is in save order.
      store
        .read()
        .accounts.toReversed()
        .map(({ id, username, serverUrl }) => ({ id, username, serverUrl })),

    /** The account to resume, or null when nobody is signed in. */
    active: async (): Promise<ActiveAccount | null> => {
      const settings = store.read();
      const account = settings.accounts.find((a) => a.id === settings.activeAccountId);
      if (!account) return null;
      return { id: account.id, username: account.username, serverUrl: account.serverUrl, refreshToken: secrets.open(account.refreshToken) };
    },

    /** Saves (or updates) an account and its newest refresh token, and makes it the active one. */
    save: async (input: SaveAccountInput): Promise<{ tokenKept: boolean }> => {
      const account = SaveAccountInput.parse(input);
      const sealed = secrets.seal(account.refreshToken);
      await store.update((s) => {
        s.accounts = s.accounts.filter((a) => a.id !== account.id);
        s.accounts.push({ id: account.id, username: account.username, serverUrl: account.serverUrl, refreshToken: sealed, savedAt: now() });
        s.activeAccountId = account.id;
      });
      return { tokenKept: sealed !== null };
    },

    /** Forgets an account and its token (logout); the active account is cleared if it was this one. */
    remove: async (id: string): Promise<void> => {
      const accountId = AccountId.parse(id);
      await store.update((s) => {
        s.accounts = s.accounts.filter((a) => a.id !== accountId);
        if (s.activeAccountId === accountId) s.activeAccountId = null;
      });
    },
  };
}
