/**
 * The media type of some bytes, from their content only (magic numbers), never from what the
 * client claimed: a file named cat.png holding HTML is served as what it is.
 */
const SIGNATURES: Array<{ type: string; at?: number; bytes: number[] }> = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/gzip', bytes: [0x1f, 0x8b] },
  { type: 'audio/mpeg', bytes: [0x49, 0x44, 0x33] },
  { type: 'audio/ogg', bytes: [0x4f, 0x67, 0x67, 0x53] },
  { type: 'video/mp4', at: 4, bytes: [0x66, 0x74, 0x79, 0x70] },
];

const matches = (head: Uint8Array, at: number, bytes: number[]) => bytes.every((b, i) => head[at + i] === b);

/** Sniffs the first bytes of a file (512 are plenty). */
export function sniffMimeType(head: Uint8Array): string {
  for (const s of SIGNATURES) if (matches(head, s.at ?? 0, s.bytes)) return s.type;
  if (matches(head, 0, [0x52, 0x49, 0x46, 0x46]) && matches(head, 8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  if (matches(head, 0, [0x52, 0x49, 0x46, 0x46]) && matches(head, 8, [0x57, 0x41, 0x56, 0x45])) return 'audio/wav';
  return isText(head) ? 'text/plain' : 'application/octet-stream';
}

/** UTF-8 without control characters other than whitespace (a cut multi-byte sequence at the end is fine). */
function isText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartial(head));
    return true;
  } catch {
    return false;
  }
}

function trimPartial(head: Uint8Array): Uint8Array {
  let end = head.length;
  for (let i = 1; i <= 3 && i <= head.length; i++) {
    const b = head[head.length - i] as number;
    if ((b & 0xc0) === 0xc0) {
      end = head.length - i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  return head.subarray(0, end);
}
