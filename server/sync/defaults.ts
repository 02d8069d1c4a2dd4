/**
 * Sync defaults that configuration also needs: kept apart so that reading the configuration does
 * not load the sync server.
 */

/** An idle room leaving memory is compacted from this many updates stored after its snapshot. */
export const UNLOAD_COMPACT_UPDATES = 100;

/**
 * How long a room that can answer a new device from its stored snapshot may put off loading: the
 * load waits for the answer to be written out, or this long, whichever comes first (a peer that
 * reads slowly, or one that waits for the server's step 1 before it says anything). A stock client
 * sends its step 1 one round trip after connecting; a longer wait keeps the overlap on slow networks.
 */
export const LOAD_DEFER_MS = 1000;
