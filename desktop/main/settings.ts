import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { z } from 'zod';
import { normalizeServerUrl } from '../../shared/server-url.js';

/**
 * Desktop settings kept in one lowdb JSON file in the user-data folder: the server URL, the
 * window's bounds, and the accounts signed in on this machine (refresh tokens only encrypted).
 * The file is user-editable and may be corrupted, so every field is validated on read and a bad
 * field falls back to its default instead of losing the whole file.
 */

/** Smallest window the layout supports. */
export const MIN_WINDOW = { width: 720, height: 480 } as const;

/** An http(s) URL without credentials, query or fragment, normalized without a trailing slash. */
export const ServerUrl = z
  .string()
  .trim()
  .max(2048)
  .transform((raw, ctx) => {
    const url = normalizeServerUrl(raw);
    if (url === null) {
      ctx.addIssue({ code: 'custom', message: 'expected an http(s) URL' });
      return z.NEVER;
    }
    return url;
  });

export const WindowBounds = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(MIN_WINDOW.width).max(100_000),
  height: z.number().int().min(MIN_WINDOW.height).max(100_000),
});
export type WindowBounds = z.infer<typeof WindowBounds>;

export const WindowState = z.object({ bounds: WindowBounds.nullable(), maximized: z.boolean() });
export type WindowState = z.infer<typeof WindowState>;

/** An account signed in on this machine. `refreshToken` is ciphertext (base64) or null when none is kept. */
export const StoredAccount = z.object({
  id: z.string().min(1).max(64),
  username: z.string().min(1).max(64),
  serverUrl: ServerUrl,
  refreshToken: z.string().max(8192).nullable(),
  savedAt: z.number().int().min(0),
});
export type StoredAccount = z.infer<typeof StoredAccount>;

const DEFAULT_WINDOW: WindowState = { bounds: null, maximized: false };

export const SettingsData = z.object({
  version: z.literal(1).catch(1),
  serverUrl: ServerUrl.nullable().catch(null),
  window: WindowState.catch(DEFAULT_WINDOW),
  // One bad account entry must not cost the others.
  accounts: z
    .array(z.unknown())
    .catch([])
    .transform((items) => items.flatMap((item) => {
      const parsed = StoredAccount.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    })),
  activeAccountId: z.string().max(64).nullable().catch(null),
});
export type SettingsData = z.infer<typeof SettingsData>;

/** Settings as a fresh install has them. */
export function defaultSettings(): SettingsData {
  return { version: 1, serverUrl: null, window: { ...DEFAULT_WINDOW }, accounts: [], activeAccountId: null };
}

/** Parses the file's text: unreadable JSON gives the defaults, bad fields their own default. */
export function parseSettings(text: string): SettingsData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return defaultSettings();
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return defaultSettings();
  return SettingsData.parse(raw);
}

/** The settings file: read once at start, then every change is written through (atomically, by lowdb). */
export interface SettingsStore {
  /** A snapshot of the current settings (a copy: mutating it changes nothing). */
  read(): SettingsData;
  /** Applies `change` to a copy, validates the result and writes it; returns the new settings. */
  update(change: (draft: SettingsData) => void): Promise<SettingsData>;
}

/** Opens (creating on first write) the settings file at `file`. */
export async function openSettings(file: string): Promise<SettingsStore> {
  const db = new Low<SettingsData>(
    new DataFile<SettingsData>(file, { parse: parseSettings, stringify: (data) => `${JSON.stringify(data, null, 2)}\n` }),
    defaultSettings(),
  );
  await db.read();
  let writing: Promise<unknown> = Promise.resolve();
  return {
    read: () => structuredClone(db.data),
    update: (change) => {
      // Serialized, so two quick changes never write an older snapshot last.
      const next = writing.then(async () => {
        const draft = structuredClone(db.data);
        change(draft);
        db.data = SettingsData.parse(draft);
        await db.write();
        return structuredClone(db.data);
      });
      writing = next.catch(() => undefined);
      return next;
    },
  };
}
