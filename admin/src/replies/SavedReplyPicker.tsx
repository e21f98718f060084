// Typing "/" at the start of a word in a composer opens the saved replies: the list filters as
// the agent types, arrows choose, Enter (or a click) inserts the reply with its variables filled,
// Escape closes it. The textarea keeps the focus throughout (aria-activedescendant).
'use client';
import { useId, useState, type KeyboardEvent, type RefObject } from 'react';
import { useSavedReplies } from '../api/directory';
import type { SavedReply, Ticket } from '../api/types';
import { useMe } from '../session/session';
import { cx } from '../ui/format';
import { fillVariables, matchReplies, slashQuery } from './variables';

const MAX_SHOWN = 8;

export function useSavedReplyPicker(ticket: Ticket, textarea: RefObject<HTMLTextAreaElement | null>, setText: (text: string) => void) {
  const me = useMe();
  const replies = useSavedReplies();
  const [query, setQuery] = useState<ReturnType<typeof slashQuery>>(null);
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = query ? matchReplies(replies ?? [], query.text).slice(0, MAX_SHOWN) : [];
  const open = query !== null;
  const optionId = (index: number) => `${listId}-option-${index}`;

  /** Reads the "/word" at the caret after each keystroke or caret move. */
  const sync = () => {
    const element = textarea.current;
    const next = element && element.selectionStart === element.selectionEnd ? slashQuery(element.value, element.selectionStart) : null;
    setQuery((current) => (current?.text === next?.text && current?.start === next?.start ? current : next));
    if (next?.text !== query?.text) setActive(0);
  };

  const insert = (reply: SavedReply) => {
    const element = textarea.current;
    if (!element || !query) return;
    const filled = fillVariables(reply.body, { customerName: ticket.customer.name, ticketNumber: ticket.number, agentName: me.name });
    setText(element.value.slice(0, query.start) + filled + element.value.slice(query.end));
    setQuery(null);
    const caret = query.start + filled.length;
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(caret, caret);
    });
  };

  /** Handles the key if the list is open; returns true when the composer must not act on it. */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setQuery(null);
      return true;
    }
    if (matches.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + matches.length) % matches.length);
      return true;
    }
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      insert(matches[Math.min(active, matches.length - 1)]!);
      return true;
    }
    return false;
  };

  const textareaProps = {
    'aria-autocomplete': 'list' as const,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open && matches.length > 0 ? optionId(Math.min(active, matches.length - 1)) : undefined,
    // The keys the list handles never reopen it on their way up (Escape must stay closed).
    onKeyUp: (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (!['ArrowDown', 'ArrowUp', 'Enter', 'Escape', 'Tab'].includes(event.key)) sync();
    },
    onClick: sync,
    onBlur: () => setQuery(null),
  };

  const popup = open ? (
    <div className="relative" data-testid="saved-reply-picker">
      <div className="absolute bottom-1 left-0 z-30 w-full max-w-md overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-900/10">
        <p className="border-b border-slate-100 px-3 py-1.5 text-[11px] text-slate-600">
          Saved replies · ↑↓ to choose · Enter to insert · Esc to close
        </p>
        {matches.length === 0 ? (
          <p className="px-3 py-2 text-[13px] text-slate-600">{replies === undefined ? 'Loading saved replies…' : query.text ? `No saved reply matches “${query.text}”.` : 'No saved replies yet: add some under Saved replies.'}</p>
        ) : (
          <ul id={listId} role="listbox" aria-label="Saved replies" className="max-h-64 overflow-y-auto py-1">
            {matches.map((reply, index) => (
              <li
                key={reply.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                // Keeps the focus in the textarea, so the click inserts rather than blurs.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => insert(reply)}
                onMouseEnter={() => setActive(index)}
                className={cx('cursor-pointer px-3 py-1.5', index === active ? 'bg-indigo-50' : 'hover:bg-slate-50')}
              >
                <span className="block text-[13px] font-medium text-slate-900">
                  {reply.title}
                  {reply.shared && <span className="ml-1.5 text-[11px] font-normal text-slate-600">shared</span>}
                </span>
                <span className="block truncate text-xs text-slate-600">{reply.body}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="sr-only" aria-live="polite">
          {matches.length === 0 ? 'No saved reply matches' : `${matches.length} saved ${matches.length === 1 ? 'reply' : 'replies'}: ${matches[Math.min(active, matches.length - 1)]!.title}`}
        </p>
      </div>
    </div>
  ) : null;

  return { onKeyDown, textareaProps, popup };
}
