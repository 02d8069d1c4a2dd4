import { HealthResponse } from '../../shared/api/health.js';
import { databaseAnswers, type Db } from '../db/database.js';
import { AppError } from '../http/errors.js';
import type { Api } from '../http/route.js';

/** `GET /health`: 200 when the server and its database answer, 503 otherwise. */
export function healthRoutes(api: Api, db: Db, version: string): void {
  const started = Date.now();
  api.route(
    { method: 'get', path: '/health', tag: 'health', summary: 'Liveness of the server and its database', auth: false, status: 200, response: HealthResponse, errors: [503] },
    () => {
      if (!databaseAnswers(db)) throw new AppError(503, 'database_unavailable', 'The database does not answer');
      return { status: 'ok' as const, version, uptimeSeconds: Math.round((Date.now() - started) / 1000), database: 'ok' as const };
    },
  );
}
