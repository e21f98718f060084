// Choosing files: a styled attach button over a hidden native input, dropping and pasting files,
// and the chosen files as previews (a thumbnail for images, else name and size) with remove.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useShell } from '../context.js';
import { ALLOWED_EXTENSIONS } from '../validation.js';

/** A file chosen to send, its upload's progress (0–1) once sending, and why it failed. */
export interface Chosen {
  file: File;
  progress?: number;
  error?: string;
}

export function AttachButton(props: { onFiles: (files: File[]) => void; aria?: Record<string, string | undefined>; disabled?: boolean }) {
  const { t } = useShell();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" class="dl-att" {...props.aria} disabled={props.disabled} aria-label={props.aria?.id ? undefined : t('attach')} onClick={() => input.current?.click()}>
        {/* Drawn, not an emoji: a page without an emoji font would show an empty box. */}
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z" />
        </svg>
        {props.aria?.id && <span>{t('attach')}</span>}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        accept={ALLOWED_EXTENSIONS}
        onChange={(event) => {
          const el = event.currentTarget;
          props.onFiles(el.files ? [...el.files] : []);
          el.value = '';
        }}
      />
    </>
  );
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);

export function ChosenFiles({ files, onRemove }: { files: Chosen[]; onRemove?: (index: number) => void }) {
  const { t } = useShell();
  if (!files.length) return null;
  return (
    <ul class="dl-files" aria-label={t('attachments')}>
      {files.map((chosen, index) => (
        <li key={`${chosen.file.name}:${index}`} data-state={chosen.error ? 'failed' : chosen.progress === undefined ? undefined : 'sending'}>
          <Thumb file={chosen.file} />
          <span class="dl-fname">
            {chosen.file.name} <span class="dl-muted">{size(chosen.file.size)}</span>
            {chosen.progress !== undefined && !chosen.error && (
              <progress max={1} value={chosen.progress} aria-label={t('uploading', { name: chosen.file.name })} />
            )}
            {chosen.error && <span class="dl-ferr">{chosen.error}</span>}
          </span>
          {onRemove && (
            <button type="button" class="dl-link" aria-label={t('removeFile', { name: chosen.file.name })} onClick={() => onRemove(index)}>
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * An image's thumbnail from its own bytes, as a data: URL: host pages' CSPs that allow attachment
 * previews allow data: images (the examples' and the portal's do), while blob: is rarely listed.
 */
function Thumb({ file }: { file: File }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    if (!file.type.startsWith('image/')) return;
    const reader = new FileReader();
    reader.onload = () => setSrc(String(reader.result));
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);
  // A CSP that refuses even that: the name alone shows.
  return src ? <img src={src} alt="" onError={() => setSrc(undefined)} /> : null;
}

/**
 * Files dropped on `target` or pasted into it go to `onFiles`; `dragging` says a drag is over it
 * (to show where to drop).
 */
export function useFileDrop(target: RefObject<HTMLElement>, onFiles: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const latest = useRef(onFiles);
  latest.current = onFiles;
  useEffect(() => {
    const el = target.current;
    if (!el) return;
    const carriesFiles = (event: DragEvent) => Boolean(event.dataTransfer?.types.includes('Files'));
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!el.contains(event.relatedTarget as Node | null)) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      latest.current([...(event.dataTransfer?.files ?? [])]);
    };
    const paste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (!files.length) return;
      event.preventDefault();
      latest.current(files);
    };
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    el.addEventListener('paste', paste);
    return () => {
      el.removeEventListener('dragover', over);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
      el.removeEventListener('paste', paste);
    };
  }, [target.current]);
  return dragging;
}
