// How the chat's state reads on screen: stored and pending messages as one list of entries, each
// with its delivery state, day separators and grouping. The state itself (merging, retries,
// typing, read marks) is the shared chat module's, the same as the widget's.
import type { ChatState, PendingMessage } from '@deskline/contract/client';
import type { Attachment, Message } from '../api/types';

export type Delivery = 'sending' | 'failed' | 'sent' | 'read';

export interface ChatEntry {
  /** Stable across "sending" → "sent", so the row is not rebuilt when the server stores it. */
  key: string;
  sender: Message['sender'];
  body: string;
  /** Files sent with the message (uploaded already while it is on its way). */
  attachments: readonly Attachment[];
  createdAt: string;
  delivery: Delivery;
  /** Why a failed message was not sent, in the console's words. */
  failure?: string;
  /** The clientId to send a failed message again under, when trying again can help. */
  retry?: string;
}

/** Messages from the same person this close together share one name and time line. */
const GROUP_MS = 5 * 60_000;

export function failureText(pending: PendingMessage): string {
  return pending.error?.code === 'TICKET_CLOSED' ? 'The ticket is closed' : 'Not sent';
}

/**
 * Stored messages, then ours still on their way (they have no server time yet: `sentAt` says when
 * each was written).
 */
export function chatEntries(state: ChatState, me: Message['sender'], sentAt: (clientId: string) => string): ChatEntry[] {
  const stored = state.messages.map(
    (m): ChatEntry => ({
      key: m.clientId && m.sender.id === me.id ? `c:${m.clientId}` : m.id,
      sender: m.sender,
      body: m.body,
      attachments: m.attachments,
      createdAt: m.createdAt,
      delivery: m.readAt ? 'read' : 'sent',
    }),
  );
  const pending = state.pending.map(
    (p): ChatEntry => ({
      key: `c:${p.clientId}`,
      sender: me,
      body: p.body,
      attachments: p.attachments,
      createdAt: sentAt(p.clientId),
      delivery: p.state,
      failure: p.state === 'failed' ? failureText(p) : undefined,
      retry: p.state === 'failed' && p.retryable ? p.clientId : undefined,
    }),
  );
  return [...stored, ...pending];
}

const sameDay = (a: string, b: string) => new Date(a).toDateString() === new Date(b).toDateString();

/** A day separator goes above the first message and above the first of each new day. */
export const startsDay = (entry: ChatEntry, previous: ChatEntry | undefined) => !previous || !sameDay(previous.createdAt, entry.createdAt);

/** Whether the entry continues its sender's group (no name and time line of its own). */
export function continuesGroup(entry: ChatEntry, previous: ChatEntry | undefined): boolean {
  if (!previous || startsDay(entry, previous) || previous.sender.id !== entry.sender.id) return false;
  return new Date(entry.createdAt).getTime() - new Date(previous.createdAt).getTime() < GROUP_MS;
}

/** The last of the team's stored messages: only it says "Sent" or "Read" (pending ones always say where they are). */
export function lastStoredStaffKey(entries: readonly ChatEntry[]): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.sender.role !== 'CUSTOMER' && (entry.delivery === 'sent' || entry.delivery === 'read')) return entry.key;
  }
  return undefined;
}

/** "Today", "Yesterday", else a short date. */
export function dayLabel(iso: string, now = Date.now()): string {
  const date = new Date(iso).toDateString();
  if (date === new Date(now).toDateString()) return 'Today';
  if (date === new Date(now - 86_400_000).toDateString()) return 'Yesterday';
  return new Date(iso).toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
}
