import type { AdminConversationDetail, AdminConversationSummary, AdminMessage } from '../../shared/api/admin.js';

/** `2026-11-23 10:00:01` (UTC) from an ISO timestamp. */
const time = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
const quote = (text: string, max = 60) => `“${text.length > max ? `${text.slice(0, max)}…` : text}”`;

/** One line of the `conversations` list. */
export function summaryLine(c: AdminConversationSummary): string {
  const s = c.storage;
  return [
    c.id,
    c.kind,
    c.title,
    `${c.memberCount} members`,
    `${c.messageCount} messages`,
    kb(s.documentBytes),
    `${s.updatesSinceCompaction} updates since compaction`,
    `last activity ${time(c.lastActivityAt)}`,
  ].join('\t');
}

function messageLines(m: AdminMessage, byId: Map<string, AdminMessage>): string[] {
  const who = m.author === 'system' ? '*' : `${m.authorUsername ?? m.author}:`;
  const body = m.deleted ? '[deleted]' : (m.text ?? '');
  const lines = [`${time(m.createdAt)}  ${who} ${body}`];
  const indent = ' '.repeat(21);
  if (m.replyTo !== undefined) {
    const to = byId.get(m.replyTo);
    lines.push(`${indent}↪ in reply to ${to ? `${to.authorUsername ?? to.author} ${quote(to.originalText ?? to.text ?? '')}` : m.replyTo}`);
  }
  if (m.editedAt !== null) lines.push(`${indent}${m.deleted ? 'deleted' : 'edited'} ${time(m.editedAt)}, stored text ${quote(m.originalText ?? '', 200)}`);
  for (const a of m.attachments ?? []) lines.push(`${indent}📎 ${a.name} (${[a.mimeType, a.size === undefined ? undefined : kb(a.size)].filter(Boolean).join(', ')}) ${a.id}`);
  return lines;
}

/** A conversation as a readable transcript: header, members, storage, every message, receipts, problems. */
export function transcript(d: AdminConversationDetail): string {
  const c = d.conversation;
  const s = c.storage;
  const byId = new Map(d.messages.map((m) => [m.id, m]));
  const out = [
    `${c.kind === 'group' ? `Group “${c.title}”` : `Direct conversation ${c.title}`} (${c.id})`,
    `Members: ${c.members.map((m) => `${m.username ?? m.id} (${m.role})`).join(', ') || 'none'}`,
    `Stored: ${s.snapshotSeq === null ? 'no snapshot' : `snapshot up to seq ${s.snapshotSeq}`}, ${s.updatesSinceCompaction} updates since, ${kb(s.documentBytes)} in all`,
    '',
    ...(d.messages.length === 0 ? ['(no messages)'] : d.messages.flatMap((m) => messageLines(m, byId))),
  ];
  if (d.receipts.length > 0) {
    out.push('', 'Receipts:');
    for (const r of d.receipts) {
      const read = r.readMessageId ? `read up to ${quote(byId.get(r.readMessageId)?.text ?? r.readMessageId)}${r.readAt ? ` at ${time(r.readAt)}` : ''}` : 'nothing read';
      out.push(`  ${r.username ?? r.key} (${r.key}): ${read}`);
    }
  }
  if (d.unreadable > 0) out.push('', `${d.unreadable} stored message(s) do not match the schema`);
  if (d.problems.length > 0) out.push('', 'Problems:', ...d.problems.map((p) => `  ${p}`));
  return out.join('\n');
}
