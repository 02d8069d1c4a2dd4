import type { SelfUser } from '../../../shared/api/accounts.js';
import { accountsApi, type AccountsApi } from '../api/accounts.js';
import { ApiClient } from '../api/client.js';
import { NetworkError } from '../api/http.js';
import { socialApi, type SocialApi } from '../api/social.js';
import { Store } from '../lib/store.js';
import type { Platform, SavedSession } from '../platform/contract.js';
import { readCache, wipeAccountData, writeCache } from './local-data.js';
import { TokenKeeper, type TokenSet } from './tokens.js';
import { UserSettingsStore } from './user-settings.js';

/** A signed-in account: its server, profile, tokens and typed API. */
export interface Account {
  serverUrl: string;
  userId: string;
  /** The profile, from the cache first and refreshed from the server when online. */
  me: Store<SelfUser>;
  tokens: TokenKeeper;
  /** The account's one REST client: every authenticated request (JSON and files) goes through it. */
  api: ApiClient;
  accounts: AccountsApi;
  social: SocialApi;
  /** The server-side settings, loaded at sign-in; changes go through it so every screen sees them. */
  settings: UserSettingsStore;
}

export type AuthState =
  | { phase: 'loading' }
  | { phase: 'signed-out'; serverUrl: string | null; notice?: string }
  | { phase: 'signed-in'; account: Account };

/** The profile shown until the server answers (only id and username are known offline without a cache). */
function placeholderUser(id: string, username: string): SelfUser {
  return { id, username, email: '', displayName: null, bio: null, avatarId: null, emailVerified: true, mfaEnabled: false, isAdmin: false, createdAt: new Date(0).toISOString() };
}

/** Runs `load` now and, while the network is down, again once it is back (the cached copy shows meanwhile). */
function whenReachable(load: () => Promise<unknown>): void {
  load().catch((err: unknown) => {
    if (err instanceof NetworkError) addEventListener('online', () => whenReachable(load), { once: true });
  });
}

/** Runs `fn` under a Web Lock shared by every tab of this origin (directly where locks do not exist). */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? (locks.request('parley.token-refresh', fn) as Promise<T>) : fn();
}

/**
 * The session lifecycle: which server, who is signed in, login, logout. Starting needs no network:
 * a saved session is resumed from storage and the profile from the cache.
 */
export class Session {
  readonly state = new Store<AuthState>({ phase: 'loading' });

  constructor(private readonly platform: Platform) {}

  /** Resumes the saved session, or shows the sign-in screens for the saved (or default) server. */
  async start(): Promise<void> {
    const saved = await this.platform.loadSession();
    if (saved && (saved.refreshToken || saved.accessToken)) {
      this.signIn(saved, readCache<SelfUser>(saved.userId, 'me') ?? placeholderUser(saved.userId, saved.username));
      return;
    }
    this.state.set({ phase: 'signed-out', serverUrl: (await this.platform.loadServerUrl()) ?? this.platform.defaultServerUrl() });
  }

  /** The server sign-in screens talk to. */
  serverUrl(): string | null {
    const s = this.state.get();
    if (s.phase === 'signed-out') return s.serverUrl;
    return s.phase === 'signed-in' ? s.account.serverUrl : null;
  }

  /** Checks and switches to the server used to register and log in (throws a message for the user). */
  async connectServer(url: string): Promise<void> {
    await this.platform.connectServer(url);
    this.state.set({ phase: 'signed-out', serverUrl: url });
  }

  /** Calls that need no account (register, verify, login) against the chosen server. */
  publicApi(): AccountsApi {
    const url = this.serverUrl();
    if (!url) throw new Error('Choose a server first');
    return accountsApi(new ApiClient(url, null));
  }

  /** Logs in; throws ApiError (e.g. 401 `mfa_required`, 403 `email_not_verified`) for the form to show. */
  async login(login: string, password: string, code?: string): Promise<void> {
    const serverUrl = this.serverUrl();
    if (!serverUrl) throw new Error('Choose a server first');
    const answer = await this.publicApi().login({ login, password, ...(code ? { code } : {}) });
    const saved: SavedSession = {
      serverUrl,
      userId: answer.user.id,
      username: answer.user.username,
      refreshToken: answer.refreshToken,
      accessToken: answer.accessToken,
      accessExpiresAt: Date.now() + answer.expiresIn * 1000,
    };
    await this.platform.saveServerUrl(serverUrl);
    await this.platform.saveSession(this.persistable(saved));
    writeCache(answer.user.id, 'me', answer.user);
    this.signIn(saved, answer.user);
  }

  /** Ends the session on the server (best effort, offline too) and wipes this account's local data. */
  async logout(): Promise<void> {
    const s = this.state.get();
    if (s.phase !== 'signed-in') return;
    const { account } = s;
    try {
      if (!account.tokens.ended) await account.accounts.logout();
    } catch {
      // offline or already ended: the local data goes regardless
    }
    await this.platform.clearSession(account.userId);
    await wipeAccountData(account.userId);
    this.state.set({ phase: 'signed-out', serverUrl: account.serverUrl });
  }

  /** Browsers keep the access token too (a reload needs no refresh); Electron keeps it in memory only. */
  private persistable(saved: SavedSession): SavedSession {
    if (this.platform.kind === 'browser') return saved;
    const { accessToken: _a, accessExpiresAt: _e, ...rest } = saved;
    return rest;
  }

  private signIn(saved: SavedSession, user: SelfUser): void {
    const tokens = new TokenKeeper(
      saved.serverUrl,
      { accessToken: saved.accessToken ?? null, accessExpiresAt: saved.accessExpiresAt ?? 0, refreshToken: saved.refreshToken },
      {
        saved: (t: TokenSet) => this.platform.saveSession(this.persistable({ ...saved, ...t, accessToken: t.accessToken ?? undefined })),
        ended: (reason) => void this.ended(saved, reason),
        reload: async () => {
          const latest = await this.platform.loadSession();
          if (!latest || latest.userId !== saved.userId) return null;
          return { accessToken: latest.accessToken ?? null, accessExpiresAt: latest.accessExpiresAt ?? 0, refreshToken: latest.refreshToken };
        },
        exclusive,
      },
    );
    const api = new ApiClient(saved.serverUrl, tokens);
    const social = socialApi(api);
    const account: Account = {
      serverUrl: saved.serverUrl,
      userId: saved.userId,
      me: new Store(user),
      tokens,
      api,
      accounts: accountsApi(api),
      social,
      settings: new UserSettingsStore(social, saved.userId),
    };
    account.me.subscribe(() => writeCache(saved.userId, 'me', account.me.get()));
    this.state.set({ phase: 'signed-in', account });
    whenReachable(async () => account.me.set(await account.accounts.me()));
    whenReachable(() => account.settings.load());
  }

  /** The server refused the session: forget it here (local data stays for the next login). */
  private async ended(saved: SavedSession, reason: string): Promise<void> {
    const s = this.state.get();
    if (s.phase !== 'signed-in' || s.account.userId !== saved.userId) return;
    await this.platform.clearSession(saved.userId);
    this.state.set({ phase: 'signed-out', serverUrl: saved.serverUrl, notice: reason });
  }
}
