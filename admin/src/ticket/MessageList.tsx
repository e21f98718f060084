// The chat's messages: day separators, grouped runs from one sender, and where the team's
// messages are (sending, failed with a retry, sent, read).
'use client';
import { sameOriginUrl } from '../api/http';
import type { Attachment } from '../api/types';
import { Avatar } from '../ui/badges';
import { clockTime, cx, fileSize, fullDate } from '../ui/format';
import { Icon } from '../ui/icons';
import { RichText } from '../ui/RichText';
import { continuesGroup, dayLabel, lastStoredStaffKey, startsDay, type ChatEntry } from './chatView';

export function MessageList({ entries, meId, onRetry }: { entries: ChatEntry[]; meId: string; onRetry: (clientId: string) => void }) {
  const lastStaff = lastStoredStaffKey(entries);
  return (
    <ol className="space-y-1">
      {entries.map((entry, i) => {
        const previous = entries[i - 1];
        const staff = entry.sender.role !== 'CUSTOMER';
        const newDay = startsDay(entry, previous);
        const grouped = continuesGroup(entry, previous);
        const state = entry.delivery;
        return (
          <li key={entry.key} className={cx(!grouped && 'pt-2')}>
            {newDay && (
              <div className="my-2 flex items-center gap-3 text-[11px] font-medium text-slate-500" role="separator">
                <span className="h-px flex-1 bg-slate-200" />
                {dayLabel(entry.createdAt)}
                <span className="h-px flex-1 bg-slate-200" />
              </div>
            )}
            <div className={cx('flex items-end gap-2', staff && 'flex-row-reverse')} data-testid="chat-message" data-from={staff ? 'team' : 'customer'} data-state={staff ? state : undefined}>
              <span className="w-6 shrink-0">{!grouped && <Avatar name={entry.sender.name} seed={entry.sender.id} url={entry.sender.avatarUrl} size={24} />}</span>
              <div className={cx('flex max-w-[80%] min-w-0 flex-col', staff ? 'items-end' : 'items-start')}>
                {!grouped && (
                  <span className="mb-0.5 px-1 text-[11px] text-slate-500">
                    {staff && entry.sender.id === meId ? 'You' : entry.sender.name} · <time dateTime={entry.createdAt} title={fullDate(entry.createdAt)}>{clockTime(entry.createdAt)}</time>
                  </span>
                )}
                {entry.attachments.length > 0 && <MessageFiles attachments={entry.attachments} staff={staff} />}
                {entry.body && <RichText
                  text={entry.body}
                  className={cx(
                    'rounded-2xl px-3 py-1.5 text-[13px] leading-relaxed break-words',
                    staff ? 'rounded-br-md bg-indigo-600 text-white' : 'rounded-bl-md bg-white text-slate-800 ring-1 ring-slate-200',
                    state === 'sending' && 'opacity-70',
                    state === 'failed' && 'bg-red-50 text-red-900 ring-1 ring-red-200',
                  )}
                />}
                {staff && (state === 'sending' || state === 'failed' || entry.key === lastStaff) && (
                  <span className="mt-0.5 flex items-center gap-1 px-1 text-[11px] text-slate-500" data-testid="delivery">
                    {state === 'sending' && (
                      <>
                        <Icon name="clock" size={11} /> Sending…
                      </>
                    )}
                    {state === 'sent' && (
                      <>
                        <Icon name="check" size={12} /> Sent
                      </>
                    )}
                    {state === 'read' && (
                      <>
                        <Icon name="checkCheck" size={12} className="text-indigo-600" /> Read
                      </>
                    )}
                    {state === 'failed' && (
                      <span className="flex items-center gap-1 text-red-600">
                        <Icon name="alert" size={11} /> {entry.failure ?? 'Not sent'}
                        {entry.retry && (
                          <>
                            {' '}·
                            <button type="button" className="font-medium underline" onClick={() => onRetry(entry.retry!)}>
                              Retry
                            </button>
                          </>
                        )}
                      </span>
                    )}
                  </span>
                )}
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** Files in a chat message: images as thumbnails, the rest as download links with their size. */
function MessageFiles({ attachments, staff }: { attachments: readonly Attachment[]; staff: boolean }) {
  return (
    <ul className={cx('mb-1 flex flex-wrap gap-1.5', staff && 'justify-end')} aria-label="Files">
      {attachments.map((file) => (
        <li key={file.id}>
          {/^image\//.test(file.mimeType) ? (
            <a href={sameOriginUrl(file.url)} target="_blank" rel="noopener" className="block overflow-hidden rounded-lg ring-1 ring-slate-200 hover:ring-indigo-300">
              <img src={sameOriginUrl(file.url)} alt={file.filename} loading="lazy" className="h-24 max-w-48 bg-slate-100 object-cover" />
            </a>
          ) : (
            <a
              href={sameOriginUrl(file.url)}
              download={file.filename}
              className="flex items-center gap-1.5 rounded-lg bg-white px-2.5 py-1.5 text-xs text-slate-700 ring-1 ring-slate-200 hover:ring-indigo-300"
            >
              <Icon name="paperclip" size={12} /> {file.filename} <span className="text-slate-500">{fileSize(file.size)}</span>
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
