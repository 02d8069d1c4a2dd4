import type { ReceiptPosition } from '../../../../shared/doc/index.js';

/** What the mark on an own message says. */
export type DeliveryState = 'pending' | 'sent' | 'delivered' | 'read';

export interface Delivery {
  state: DeliveryState;
  /** Ids of the other members who have read it (for "Seen by …"). */
  seenBy: string[];
}

/**
 * The mark of an own message at doc index `index`: pending while it waits on this device, read
 * once any other member read that far, delivered once any other member's device has it, else sent.
 * Positions come from the doc's receipts (a read message counts as delivered).
 */
export function deliveryOf(index: number, pending: boolean, positions: ReadonlyMap<string, ReceiptPosition>, others: readonly string[]): Delivery {
  if (pending) return { state: 'pending', seenBy: [] };
  const seenBy = others.filter((id) => (positions.get(id)?.read ?? -1) >= index);
  if (seenBy.length > 0) return { state: 'read', seenBy };
  const delivered = others.some((id) => (positions.get(id)?.delivered ?? -1) >= index);
  return { state: delivered ? 'delivered' : 'sent', seenBy };
}

/** The words for a mark, as its tooltip and accessible name. */
export function deliveryLabel(d: Delivery, nameOf: (id: string) => string): string {
  switch (d.state) {
    case 'pending':
      return 'Pending: sends when online';
    case 'sent':
      return 'Sent';
    case 'delivered':
      return 'Delivered';
    case 'read':
      return `Seen by ${d.seenBy.map(nameOf).join(', ')}`;
  }
}
