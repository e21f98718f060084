// Writing to the customer: Enter sends, Shift+Enter breaks the line, and typing is announced.
// Files come by the attach button, by dropping them on the chat, or by pasting an image; each is
// uploaded (with its progress shown) before the message that carries them is sent.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { SendMessageBody } from '@deskline/contract';
import { MAX_FILES_PER_REQUEST, MAX_UPLOAD_BYTES } from '@deskline/contract/limits';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, ApiError } from '../api/http';
import type { Attachment, Ticket } from '../api/types';
import { fileSize } from '../ui/format';
import { useSavedReplyPicker } from '../replies/SavedReplyPicker';
import { IconButton, TextArea } from '../ui/controls';
import { Icon } from '../ui/icons';

export interface ChatHandle {
  focus(): void;
  /** Files dropped on the chat: added to those the next message sends. */
  addFiles(files: File[]): void;
}

interface Chosen {
  file: File;
  progress?: number;
  error?: string;
}

interface ChatComposerProps {
  ticket: Ticket;
  disabled: boolean;
  onSend: (body: string, attachments: Attachment[]) => void;
  /** A keystroke with something written. */
  onTyping: () => void;
  /** The text was emptied, or the composer left. */
  onStopTyping: () => void;
}

export const ChatComposer = forwardRef<ChatHandle, ChatComposerProps>(function ChatComposer({ ticket, disabled, onSend, onTyping, onStopTyping }, ref) {
  const form = useForm({ resolver: zodResolver(SendMessageBody), defaultValues: { body: '' } });
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const [files, setFiles] = useState<Chosen[]>([]);
  const [uploading, setUploading] = useState(false);
  const [fileError, setFileError] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const addFiles = (added: File[]) => added.length && setFiles((current) => [...current, ...added.map((file) => ({ file }))]);
  useImperativeHandle(ref, () => ({ focus: () => textarea.current?.focus(), addFiles }));
  const picker = useSavedReplyPicker(ticket, textarea, (text) => {
    form.setValue('body', text, { shouldDirty: true });
    onTyping();
  });

  /** Uploads the chosen files in turn; the message goes once all are stored. */
  const sendWithFiles = async (body: string) => {
    const tooBig = files.find((f) => f.file.size > MAX_UPLOAD_BYTES);
    if (files.length > MAX_FILES_PER_REQUEST || tooBig) {
      setFileError(tooBig ? `${tooBig.file.name} is larger than ${fileSize(MAX_UPLOAD_BYTES)}.` : `Attach at most ${MAX_FILES_PER_REQUEST} files.`);
      return;
    }
    setFileError('');
    setUploading(true);
    const uploaded: Attachment[] = [];
    for (let i = 0; i < files.length; i++) {
      const progress = (value: number) => setFiles((current) => current.map((f, k) => (k === i ? { ...f, progress: value, error: undefined } : f)));
      progress(0);
      try {
        uploaded.push(await api.upload(ticket.id, files[i]!.file, progress));
      } catch (error) {
        const message = error instanceof ApiError ? error.message : 'The file could not be uploaded.';
        setFiles((current) => current.map((f, k) => (k === i ? { ...f, error: message } : f)));
        setUploading(false);
        // What was uploaded goes now; the file that failed stays, to remove or try again.
        if (uploaded.length) {
          onSend('', uploaded);
          setFiles((current) => current.slice(uploaded.length));
        }
        return;
      }
    }
    onSend(body, uploaded);
    setFiles([]);
    setUploading(false);
    form.reset({ body: '' });
    textarea.current?.focus();
  };
  const submit = (event?: { preventDefault(): void }) => {
    event?.preventDefault();
    if (uploading) return;
    const body = form.getValues('body')?.trim() ?? '';
    // With files, the text may stay empty; without, the contract's schema checks it.
    if (files.length && !body) return void sendWithFiles('');
    return form.handleSubmit(({ body: checked }) => (files.length ? sendWithFiles(checked ?? '') : (onSend(checked ?? '', []), form.reset({ body: '' }))))();
  };
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
      {files.length > 0 && (
        <ul className="mb-2 flex flex-wrap gap-2" aria-label="Files to send">
          {files.map((chosen, index) => (
            <ChosenFile
              key={`${chosen.file.name}:${index}`}
              chosen={chosen}
              onRemove={uploading ? undefined : () => setFiles((current) => current.filter((_, k) => k !== index))}
            />
          ))}
        </ul>
      )}
      {fileError && (
        <p role="alert" className="mb-1 text-xs text-red-600">
          {fileError}
        </p>
      )}
      <div className="flex items-end gap-2">
        <IconButton icon="paperclip" label="Attach files" disabled={disabled || uploading} onClick={() => fileInput.current?.click()} className="size-9" />
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          onChange={(event) => {
            addFiles(event.target.files ? [...event.target.files] : []);
            event.target.value = '';
          }}
        />
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
          onPaste={(event) => {
            const pasted = [...event.clipboardData.files];
            if (!pasted.length) return;
            event.preventDefault();
            addFiles(pasted);
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
        <IconButton type="submit" icon="send" label={uploading ? 'Uploading…' : 'Send message'} disabled={disabled || uploading} className="size-9 bg-indigo-600 text-white hover:bg-indigo-500 hover:text-white" />
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

/** A file about to be sent: a thumbnail for images, else its name and size; its upload's progress. */
function ChosenFile({ chosen, onRemove }: { chosen: Chosen; onRemove?: () => void }) {
  const [preview, setPreview] = useState<string>();
  useEffect(() => {
    if (!chosen.file.type.startsWith('image/')) return;
    const url = URL.createObjectURL(chosen.file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [chosen.file]);
  return (
    <li className="flex max-w-60 items-center gap-2 rounded-lg bg-slate-50 p-1.5 pr-2 text-xs ring-1 ring-slate-200" data-testid="chosen-file">
      {preview ? <img src={preview} alt="" className="size-9 rounded object-cover" /> : <Icon name="paperclip" size={14} className="text-slate-400" />}
      <span className="flex min-w-0 flex-col">
        <span className="truncate text-slate-800">{chosen.file.name}</span>
        <span className="text-slate-500">{fileSize(chosen.file.size)}</span>
        {chosen.progress !== undefined && !chosen.error && <progress max={1} value={chosen.progress} aria-label={`Uploading ${chosen.file.name}`} className="h-1 w-full" />}
        {chosen.error && <span className="text-red-600">{chosen.error}</span>}
      </span>
      {onRemove && (
        <button type="button" onClick={onRemove} aria-label={`Remove ${chosen.file.name}`} className="rounded p-0.5 text-slate-500 hover:bg-slate-200 hover:text-slate-800">
          <Icon name="x" size={12} />
        </button>
      )}
    </li>
  );
}
