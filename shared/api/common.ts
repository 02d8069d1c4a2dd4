import { z } from 'zod';

/** Opaque ids are UUIDs; anything else in a path is a 400, never a 500. */
export const Id = z.uuid().describe('Opaque identifier');

/** Path parameter `:id`. */
export const IdParams = z.strictObject({ id: Id });

/** Query of paginated lists: 1-based page, bounded size. */
export const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(100).default(20),
});

/** A page of results with its position in the whole list. */
export function paged<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    size: z.number().int(),
    pages: z.number().int(),
  });
}

/** How many rows come before a `PageQuery` page. */
export const pageOffset = (at: { page: number; size: number }): number => (at.page - 1) * at.size;

/** The value of a `paged()` schema: `items` are page `at.page` (of `at.size`) of a list of `total`. */
export function pageOf<T>(items: T[], total: number, at: { page: number; size: number }) {
  return { items, total, page: at.page, size: at.size, pages: Math.ceil(total / at.size) };
}

/** Timestamps travel as ISO-8601 strings. */
export const Timestamp = z.iso.datetime().describe('ISO-8601 timestamp');

/** A stored time (ms since the epoch) as a `Timestamp`; a missing one stays null. */
export function isoTime(ms: number): string;
export function isoTime(ms: number | null | undefined): string | null;
export function isoTime(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
