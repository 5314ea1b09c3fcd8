import { createHash, timingSafeEqual } from 'node:crypto';

import type { RequestHandler } from 'express';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Require `Authorization: Bearer TOKEN` on every `/mock` request except CORS preflights. When the
 * mock has no token, every request passes. A missing or wrong token gets 401 in Keen's error shape.
 */
export function requireInspectToken(token: string | undefined): RequestHandler {
  const expected = token === undefined || token === '' ? null : digest(token);
  return (req, res, next) => {
    if (expected === null || req.method === 'OPTIONS') {
      next();
      return;
    }
    const header = req.headers.authorization ?? '';
    const presented = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (presented !== '' && timingSafeEqual(digest(presented), expected)) {
      next();
      return;
    }
    const reason = presented === '' ? 'has no bearer token' : 'has a wrong bearer token';
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer realm="mock-keen inspection"')
      .json({
        message: `The inspection request ${reason}: send Authorization: Bearer <token>, with the token the mock was started with.`,
        error_code: 'InvalidApiKeyError',
      });
  };
}
