import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { attachmentsApi, type AttachmentsApi } from '../api/attachments.js';
import { avatarsApi, type AvatarsApi } from '../api/avatars.js';
import type { Credentials } from '../api/binary.js';
import { ObjectUrlCache } from '../lib/object-urls.js';
import '../styles/attachments.css';

/** File transfers of the signed-in account, and the in-memory object URLs of what it downloaded. */
export interface Media {
  attachments: AttachmentsApi;
  avatars: AvatarsApi;
  images: ObjectUrlCache;
}

const MediaContext = createContext<Media | null>(null);

/** Gives the components below (avatars, attachments, the composer) the account's file transfers. */
export function MediaProvider({ account, children }: { account: Credentials; children: ReactNode }) {
  const media = useMemo<Media>(() => ({ attachments: attachmentsApi(account), avatars: avatarsApi(account), images: new ObjectUrlCache() }), [account]);
  useEffect(() => () => media.images.clear(), [media]);
  return <MediaContext.Provider value={media}>{children}</MediaContext.Provider>;
}

/** The account's file transfers; null outside a signed-in shell. */
export function useMedia(): Media | null {
  return useContext(MediaContext);
}
