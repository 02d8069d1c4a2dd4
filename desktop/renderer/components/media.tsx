import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { attachmentsApi, type AttachmentsApi } from '../api/attachments.js';
import { avatarsApi, type AvatarsApi } from '../api/avatars.js';
import { ObjectUrlCache } from '../lib/object-urls.js';
import type { Account } from '../session/session.js';
import '../styles/attachments.css';

/** File transfers of the signed-in account, and the in-memory object URLs of what it downloaded. */
export interface Media {
  attachments: AttachmentsApi;
  avatars: AvatarsApi;
  images: ObjectUrlCache;
}

const MediaContext = createContext<Media | null>(null);

/** Gives the components below (avatars, attachments, the composer) the account's file transfers. */
export function MediaProvider({ account, children }: { account: Account; children: ReactNode }) {
  const media = useMemo<Media>(() => ({ attachments: attachmentsApi(account.api), avatars: avatarsApi(account.api), images: new ObjectUrlCache() }), [account]);
  useEffect(() => () => media.images.clear(), [media]);
  return <MediaContext.Provider value={media}>{children}</MediaContext.Provider>;
}

/** The account's file transfers; null outside a signed-in shell. */
export function useMedia(): Media | null {
  return useContext(MediaContext);
}
