// Keyboard shortcuts: single keys ("r"), two-key sequences ("g i"), ignored while typing in a field.
// One window listener serves every mounted component, so a sequence started for one ("g") never
// also triggers another's single key ("s").
'use client';
import { useEffect, useRef } from 'react';
import { resolveKey, type PendingSequence } from './keymap';

export type ShortcutMap = Record<string, (event: KeyboardEvent) => void>;

const registered = new Set<{ current: ShortcutMap }>();
let pending: PendingSequence = null;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Enter and Space belong to the focused button or link. */
const activatesFocused = (event: KeyboardEvent) =>
  (event.key === 'Enter' || event.key === ' ') && event.target instanceof Element && Boolean(event.target.closest('a,button,summary,[role="button"],[role="tab"]'));

function onKeyDown(event: KeyboardEvent) {
  if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
  if (isTyping(event.target) || activatesFocused(event)) return;
  if (document.querySelector('dialog[open]') && event.key !== '?') return;
  // Later registrations (the page) win over earlier ones (the frame).
  const handlers: ShortcutMap = Object.assign({}, ...[...registered].map((ref) => ref.current));
  const outcome = resolveKey(handlers, event.key, pending, Date.now());
  pending = outcome.pending;
  const handler = outcome.handler;
  if (handler) {
    event.preventDefault();
    handler(event);
  }
}

/** Binds shortcuts while the component is mounted. Keys are `event.key` values, or "g i" sequences. */
export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const latest = useRef(map);
  latest.current = map;
  useEffect(() => {
    if (!enabled) return;
    if (registered.size === 0) window.addEventListener('keydown', onKeyDown);
    registered.add(latest);
    return () => {
      registered.delete(latest);
      if (registered.size === 0) window.removeEventListener('keydown', onKeyDown);
    };
  }, [enabled]);
}

/** Every shortcut, for the help overlay (kept beside the code that binds them). */
export const SHORTCUT_HELP: { section: string; items: { keys: string[]; label: string }[] }[] = [
  {
    section: 'Anywhere',
    items: [
      { keys: ['?'], label: 'Show this help' },
      { keys: ['g', 'i'], label: 'Go to the inbox' },
      { keys: ['g', 'o'], label: 'Go to the overview' },
      { keys: ['g', 's'], label: 'Go to settings' },
    ],
  },
  {
    section: 'Inbox',
    items: [
      { keys: ['/'], label: 'Search tickets' },
      { keys: ['j'], label: 'Next ticket in the list' },
      { keys: ['k'], label: 'Previous ticket in the list' },
      { keys: ['Enter'], label: 'Open the selected ticket' },
    ],
  },
  {
    section: 'Ticket',
    items: [
      { keys: ['r'], label: 'Reply to the customer (public comment)' },
      { keys: ['n'], label: 'Write a private note' },
      { keys: ['c'], label: 'Chat with the customer' },
      { keys: ['a'], label: 'Assign to me' },
      { keys: ['s'], label: 'Change status' },
      { keys: ['1'], label: 'Set status: Open' },
      { keys: ['2'], label: 'Set status: In progress' },
      { keys: ['3'], label: 'Set status: Resolved' },
      { keys: ['4'], label: 'Set status: Closed' },
      { keys: ['j'], label: 'Next ticket' },
      { keys: ['k'], label: 'Previous ticket' },
      { keys: ['u'], label: 'Back to the inbox' },
      { keys: ['Ctrl', 'Enter'], label: 'Send the reply, note or message being written' },
    ],
  },
];
