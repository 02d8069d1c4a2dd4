/**
 * Secrets (refresh tokens) at rest. The cipher is Electron's `safeStorage` (the OS keychain,
 * DPAPI or libsecret) in the app and a fake in tests. When the OS offers no encryption the
 * token is not stored at all: the user logs in again after a restart instead of leaving a
 * plaintext credential in the settings file.
 */

/** What `safeStorage` offers, reduced to what the vault needs. */
export interface Cipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Seals and opens secret strings as base64 ciphertext fit for a JSON file. */
export interface SecretBox {
  readonly available: boolean;
  /** Ciphertext, or null when nothing may be stored. */
  seal(plain: string): string | null;
  /** The plaintext, or null when the ciphertext cannot be opened (other machine, other user, corrupt). */
  open(sealed: string | null): string | null;
}

/** A SecretBox over `cipher`. */
export function createSecretBox(cipher: Cipher): SecretBox {
  const available = (): boolean => {
    try {
      return cipher.isEncryptionAvailable();
    } catch {
      return false;
    }
  };
  return {
    get available() {
      return available();
    },
    seal(plain) {
      if (!available()) return null;
      return cipher.encryptString(plain).toString('base64');
    },
    open(sealed) {
      if (sealed === null || !available()) return null;
      try {
        return cipher.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        return null;
      }
    },
  };
}
