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

/** Timestamps travel as ISO-8601 strings. */
export const Timestamp = z.iso.datetime().describe('ISO-8601 timestamp');
