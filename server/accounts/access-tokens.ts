import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

const ISSUER = 'parley';
const AUDIENCE = 'parley-api';

/** What an access token proves: who, in which session. */
export interface AccessClaims {
  userId: string;
  sessionId: string;
  tokenId: string;
}

export type VerifyFailure = 'expired' | 'invalid';

/** HS256 access JWTs: algorithm pinned, `exp` required, issuer and audience checked. */
export class AccessTokens {
  /**
   * Made once: given a string, jsonwebtoken first tries it as a public key and then builds a secret
   * key on every call, which cost about a millisecond per verification (most of a socket's upgrade).
   */
  private readonly secret: KeyObject;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.secret = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(userId: string, sessionId: string): string {
    return jwt.sign({ sid: sessionId }, this.secret, {
      algorithm: 'HS256',
      subject: userId,
      jwtid: randomUUID(),
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.ttlSeconds,
    });
  }

  verify(token: string): AccessClaims | VerifyFailure {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, complete: false });
      if (typeof payload === 'string') return 'invalid';
      const { sub, sid, jti, exp } = payload as jwt.JwtPayload & { sid?: unknown };
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') return 'invalid';
      return { userId: sub, sessionId: sid, tokenId: jti };
    } catch (err) {
      return err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid';
    }
  }
}
