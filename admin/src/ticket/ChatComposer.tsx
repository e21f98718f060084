// Writing to the customer: Enter sends, Shift+Enter breaks the line, and typing is announced.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { SendMessageBody } from '@deskline/contract';
import { forwardRef, useImperativeHandle, useRef } from 'react';
import { useForm } from 'react-hook-form';
import type { Ticket } from '../api/types';
import { useSavedReplyPicker } from '../replies/SavedReplyPicker';
import { IconButton, TextArea } from '../ui/controls';
import { Icon } from '../ui/icons';

export interface ChatHandle {
  focus(): void;
}

interface ChatComposerProps {
  ticket: Ticket;
  disabled: boolean;
  onSend: (body: string) => void;
  /** A keystroke with something written. */
  onTyping: () => void;
  /** The text was emptied, or the composer left. */
  onStopTyping: () => void;
}

export const ChatComposer = forwardRef<ChatHandle, ChatComposerProps>(function ChatComposer({ ticket, disabled, onSend, onTyping, onStopTyping }, ref) {
  const form = useForm({ resolver: zodResolver(SendMessageBody), defaultValues: { body: '' } });
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  useImperativeHandle(ref, () => ({ focus: () => textarea.current?.focus() }));
  const picker = useSavedReplyPicker(ticket, textarea, (text) => {
    form.setValue('body', text, { shouldDirty: true });
    onTyping();
  });

  const submit = form.handleSubmit(({ body }) => {
    onSend(body);
    form.reset({ body: '' });
  });
  const { ref: registerRef, onChange, ...field } = form.register('body');
  const error = form.formState.errors.body?.message;
  if (ticket.status === 'CLOSED') {
    return (
      <div className="shrink-0 border-t border-slate-200 bg-white px-4 py-3 text-center text-xs text-slate-500">
        <Icon name="lock" size={12} className="mr-1 inline" />
        The chat closed with the ticket. Reopen the ticket to message {ticket.customer.name} again.
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="shrink-0 border-t border-slate-200 bg-white p-3" aria-label="Send a chat message">
      {picker.popup}
      <div className="flex items-end gap-2">
        <label htmlFor="chat-body" className="sr-only">
          Message to {ticket.customer.name}
        </label>
        <TextArea
          id="chat-body"
          rows={1}
          {...field}
          {...picker.textareaProps}
          ref={(element) => {
            registerRef(element);
            textarea.current = element;
          }}
          onChange={(event) => {
            void onChange(event);
            if (event.target.value.trim()) onTyping();
            else onStopTyping();
          }}
          onBlur={(event) => {
            picker.textareaProps.onBlur();
            void field.onBlur(event);
            onStopTyping();
          }}
          onKeyDown={(event) => {
            if (picker.onKeyDown(event)) return;
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void submit();
            }
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
          disabled={disabled}
          invalid={Boolean(error)}
          aria-describedby={error ? 'chat-error' : undefined}
          placeholder="Write a message…"
          className="max-h-32 min-h-9 resize-none"
        />
        <IconButton type="submit" icon="send" label="Send message" disabled={disabled} className="size-9 bg-indigo-600 text-white hover:bg-indigo-500 hover:text-white" />
      </div>
      {error ? (
        <p id="chat-error" role="alert" className="mt-1 text-xs text-red-600">
          {error === 'must not be empty' ? 'Write a message first.' : error}
        </p>
      ) : (
        <p className="mt-1 hidden text-[11px] text-slate-500 sm:block">Enter to send · Shift+Enter for a new line</p>
      )}
    </form>
  );
});
