import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'x'.repeat(40);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The error `loadConfig(env)` throws; fails the test when it does not throw a ConfigError. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig: bad values stop the server with a message naming the variable', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', ''],
    ['PORT', '8080abc'],
    ['REQUIRE_EMAIL_VERIFICATION', 'maybe'],
    ['JWT_SECRET', 'too-short'],
    ['BCRYPT_COST', '4'],
    ['LOG_LEVEL', 'loud'],
    ['PUBLIC_URL', 'not a url'],
    ['BODY_LIMIT_BYTES', 'lots'],
    ['ACCESS_TOKEN_TTL', '0'],
    ['SYNC_UNLOAD_COMPACT_UPDATES', '0'],
    ['SYNC_UNLOAD_COMPACT_UPDATES', 'some'],
    ['SYNC_LOAD_DEFER_MS', '-1'],
    ['SYNC_LOAD_DEFER_MS', '2.5'],
    ['SYNC_LOAD_DEFER_MS', '600000'],
  ])('%s=%j', (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toContain(name);
    // Never echo a secret back into logs.
    if (name === 'JWT_SECRET') expect(err.message).not.toContain(value);
  });

  it('MAILGUN_API_KEY without MAILGUN_DOMAIN names MAILGUN_DOMAIN', () => {
    const err = configError({ MAILGUN_API_KEY: 'key-123' });
    expect(err.message).toContain('MAILGUN_DOMAIN');
    expect(err.message).not.toContain('key-123');
  });

  it('names every bad variable at once', () => {
    const err = configError({ PORT: 'abc', REQUIRE_EMAIL_VERIFICATION: 'maybe' });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('REQUIRE_EMAIL_VERIFICATION');
  });
});

describe('loadConfig: defaults and values', () => {
  it('uses the documented defaults', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const config = loadConfig({});
      expect(config.port).toBe(8080);
      expect(config.host).toBe('127.0.0.1');
      expect(config.dataDir).toBe(resolve(dir, 'data'));
      expect(existsSync(config.dataDir)).toBe(true);
      expect(config.requireEmailVerification).toBe(true);
      expect(config.bcryptCost).toBe(12);
      expect(config.mail.mailgun).toBeUndefined();
      expect(config.publicUrl).toBe('http://127.0.0.1:8080');
      expect(config.syncUnloadCompactUpdates).toBe(100);
      expect(config.syncLoadDeferMs).toBe(1000);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads the values it is given', () => {
    const config = loadConfig({
      DATA_DIR: join(dir, 'nested', 'data'),
      PORT: '0',
      HOST: '0.0.0.0',
      JWT_SECRET: SECRET,
      REQUIRE_EMAIL_VERIFICATION: 'false',
      BCRYPT_COST: '10',
      MAILGUN_API_KEY: 'key-abc',
      MAILGUN_DOMAIN: 'mg.example.com',
      MAILGUN_URL: 'http://127.0.0.1:9999',
      SYNC_UNLOAD_COMPACT_UPDATES: '7',
      SYNC_LOAD_DEFER_MS: '250',
    });
    expect(config.port).toBe(0);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe(join(dir, 'nested', 'data'));
    expect(existsSync(config.dataDir)).toBe(true);
    expect(config.jwtSecret).toBe(SECRET);
    expect(existsSync(join(config.dataDir, 'jwt-secret'))).toBe(false);
    expect(config.requireEmailVerification).toBe(false);
    expect(config.bcryptCost).toBe(10);
    expect(config.mail.mailgun).toEqual({ apiKey: 'key-abc', domain: 'mg.example.com', url: 'http://127.0.0.1:9999' });
    expect(config.syncUnloadCompactUpdates).toBe(7);
    expect(config.syncLoadDeferMs).toBe(250);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('REQUIRE_EMAIL_VERIFICATION=%s is %s', (value, expected) => {
    expect(loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET, REQUIRE_EMAIL_VERIFICATION: value }).requireEmailVerification).toBe(expected);
  });
});

describe('loadConfig: JWT secret', () => {
  it('is generated into DATA_DIR/jwt-secret (mode 0600) and reused on the next start', () => {
    const first = loadConfig({ DATA_DIR: dir });
    const file = join(dir, 'jwt-secret');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);

    const second = loadConfig({ DATA_DIR: dir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
  });

  it('differs between data directories', () => {
    const other = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      expect(loadConfig({ DATA_DIR: dir }).jwtSecret).not.toBe(loadConfig({ DATA_DIR: other }).jwtSecret);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('replaces a kept secret that is too short to be safe', () => {
    writeFileSync(join(dir, 'jwt-secret'), 'short\n', { mode: 0o600 });
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.jwtSecret).not.toBe('short');
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
  });
});

describe('the entry point', () => {
  it('refuses to start on a bad PORT, exiting non-zero with a message naming PORT', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'abc', DATA_DIR: dir, LOG_LEVEL: 'info' };
    delete env.JWT_SECRET;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toContain('PORT');
    expect(stdout).not.toContain('parley listening');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
