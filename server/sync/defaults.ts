/**
 * Sync defaults that configuration also needs: kept apart so that reading the configuration does
 * not load the sync server.
 */

/** An idle room leaving memory is compacted from this many updates stored after its snapshot. */
export const UNLOAD_COMPACT_UPDATES = 100;
