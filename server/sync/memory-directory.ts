import type { RoomDirectory } from './access.js';

/** An in-memory RoomDirectory (tests, tools): conversation id → member ids. */
export class MemoryRoomDirectory implements RoomDirectory {
  private readonly members = new Map<string, Set<string>>();
  private readonly closed = new Set<string>();

  exists(conversationId: string): boolean {
    return this.members.has(conversationId);
  }

  isMember(conversationId: string, userId: string): boolean {
    return this.members.get(conversationId)?.has(userId) ?? false;
  }

  acceptsMessages(conversationId: string): boolean {
    return !this.closed.has(conversationId);
  }

  /** Closes (or reopens) a conversation to new messages. */
  setClosed(conversationId: string, closed: boolean): void {
    if (closed) this.closed.add(conversationId);
    else this.closed.delete(conversationId);
  }

  /** Creates the conversation when needed and adds the members. */
  add(conversationId: string, ...userIds: string[]): this {
    let set = this.members.get(conversationId);
    if (!set) this.members.set(conversationId, (set = new Set()));
    for (const u of userIds) set.add(u);
    return this;
  }

  remove(conversationId: string, userId: string): void {
    this.members.get(conversationId)?.delete(userId);
  }

  delete(conversationId: string): void {
    this.members.delete(conversationId);
  }
}
