import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '../../shared/sync/message-types.js';

/**
 * y-websocket framing: decoding of incoming frames into typed messages, and the builders of
 * outgoing ones. Never touches a socket or a document; anything malformed is a typed error.
 */
export type IncomingMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

export type DecodeResult = { ok: true; message: IncomingMessage } | { ok: false; reason: string };

/** Decodes one binary frame; exactly one message per frame, nothing trailing. */
export function decodeMessage(frame: Uint8Array): DecodeResult {
  try {
    const decoder = decoding.createDecoder(frame);
    const message = readMessage(decoder);
    if (typeof message === 'string') return { ok: false, reason: message };
    if (decoding.hasContent(decoder)) return { ok: false, reason: 'trailing bytes after message' };
    return { ok: true, message };
  } catch {
    return { ok: false, reason: 'malformed frame' };
  }
}

function readMessage(decoder: decoding.Decoder): IncomingMessage | string {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SyncStep.step1) return { kind: 'step1', stateVector: payload };
      if (step === SyncStep.step2) return { kind: 'step2', update: payload };
      if (step === SyncStep.update) return { kind: 'update', update: payload };
      return `unknown sync step ${step}`;
    }
    case MessageType.awareness:
      return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    case MessageType.queryAwareness:
      return { kind: 'queryAwareness' };
    default:
      return `unknown message type ${type}`;
  }
}

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** sync step 1: "here is my state vector, send me what I lack". */
export const encodeStep1 = (stateVector: Uint8Array) =>
  frame(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncStep.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

/** sync step 2: the answer to a step 1. */
export const encodeStep2 = (update: Uint8Array) =>
  frame(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncStep.step2);
    encoding.writeVarUint8Array(e, update);
  });

/**
 * One message given as parts that go out back to back: how a large payload (a whole document,
 * megabytes) is sent without being copied into a message and then into a frame.
 */
export type MessageParts = readonly Uint8Array[];

/** sync step 2 as parts: its header, then `update` itself, uncopied. */
export const step2Parts = (update: Uint8Array): MessageParts => [
  frame(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncStep.step2);
    encoding.writeVarUint(e, update.length);
  }),
  update,
];

/** An incremental document update. */
export const encodeUpdate = (update: Uint8Array) =>
  frame(MessageType.sync, (e) => {
    encoding.writeVarUint(e, SyncStep.update);
    encoding.writeVarUint8Array(e, update);
  });

/** An awareness update (y-protocols awareness encoding). */
export const encodeAwareness = (update: Uint8Array) =>
  frame(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, update));
