import { randomUUID } from 'node:crypto';
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
  constructor(
    private readonly secret: string,
    readonly ttlSeconds: number,
  ) {}

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
