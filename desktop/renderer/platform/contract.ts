/**
 * What the renderer needs from where it runs: a plain browser (the web client the server serves)
 * or the Electron app (through the preload bridge). One contract, one implementation each.
 */

/** The signed-in account as kept between runs. Access tokens are kept only where that is safe. */
export interface SavedSession {
  serverUrl: string;
  userId: string;
  username: string;
  /** Null when the platform could not keep it (no OS keychain): a login is needed after a restart. */
  refreshToken: string | null;
  accessToken?: string;
  accessExpiresAt?: number;
}

export interface NativeNotice {
  title: string;
  body: string;
  /** In-app path a click opens. */
  path?: string;
}

export interface Platform {
  readonly kind: 'browser' | 'electron';
  /** The server URL to offer before one is saved (the page's own origin in a browser). */
  defaultServerUrl(): string | null;
  loadServerUrl(): Promise<string | null>;
  /** Checks that `url` answers like a Parley server (throws a message for the user), then saves it. */
  connectServer(url: string): Promise<void>;
  /** Saves a server URL already known to work (after a login). */
  saveServerUrl(url: string): Promise<void>;
  loadSession(): Promise<SavedSession | null>;
  saveSession(session: SavedSession): Promise<void>;
  /** Forgets the saved session of `userId` (logout). */
  clearSession(userId: string): Promise<void>;
  /** Shows a system notification when the app is not in front (no-op where none can be shown). */
  notify(notice: NativeNotice): void;
}
