import { useMemo } from 'react';
import { adminApi, type AdminApi } from '../../api/admin.js';
import type { ResourceOptions } from '../../hooks/use-resource.js';
import type { Account } from '../../session/session.js';

/** The admin API over the signed-in account's own REST client. */
export function useAdminApi(account: Account): AdminApi {
  return useMemo(() => adminApi(account.api), [account]);
}

/**
 * How admin screens load: once per change of what they show and again only when asked. Admin reads
 * of a conversation are audited and announced to its members, so nothing here reloads by itself.
 */
export const AUDITED: ResourceOptions = { live: false };
