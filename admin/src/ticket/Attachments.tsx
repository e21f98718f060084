// A ticket's files: images previewed in place, everything else as a download.
import { sameOriginUrl } from '../api/http';
import type { Attachment } from '../api/types';
import { fileSize } from '../ui/format';
import { Icon } from '../ui/icons';

const isImage = (a: Attachment) => /^image\/(png|jpeg|gif|webp)$/.test(a.mimeType);

export function Attachments({ attachments }: { attachments: Attachment[] }) {
  if (attachments.length === 0) return null;
  const images = attachments.filter(isImage);
  const files = attachments.filter((a) => !isImage(a));
  return (
    <div className="mt-4 space-y-3" data-testid="attachments">
      <p className="flex items-center gap-1.5 text-xs font-medium text-slate-500">
        <Icon name="paperclip" size={13} /> {attachments.length} {attachments.length === 1 ? 'attachment' : 'attachments'}
      </p>
      {images.length > 0 && (
        <ul className="flex flex-wrap gap-2">
          {images.map((image) => (
            <li key={image.id} className="group relative">
              <a href={sameOriginUrl(image.url)} target="_blank" rel="noopener" className="block overflow-hidden rounded-lg ring-1 ring-slate-200 hover:ring-indigo-300" title={`Open ${image.filename}`}>
                {/* A plain <img>: signed, short-lived URLs, and no image optimiser in a static export. */}
                <img src={sameOriginUrl(image.url)} alt={image.filename} loading="lazy" className="h-28 w-40 bg-slate-100 object-cover" />
              </a>
              <span className="mt-1 flex max-w-40 items-center justify-between gap-1 text-xs text-slate-500">
                <span className="truncate">{image.filename}</span>
                <a href={sameOriginUrl(image.url)} download={image.filename} className="shrink-0 rounded p-0.5 hover:bg-slate-100 hover:text-slate-800" aria-label={`Download ${image.filename}`}>
                  <Icon name="download" size={13} />
                </a>
              </span>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="grid gap-2 sm:grid-cols-2">
          {files.map((file) => (
            <li key={file.id}>
              <a
                href={sameOriginUrl(file.url)}
                download={file.filename}
                className="flex items-center gap-2.5 rounded-lg px-3 py-2 text-[13px] ring-1 ring-slate-200 hover:bg-slate-50 hover:ring-slate-300"
              >
                <Icon name="file" size={18} className="shrink-0 text-slate-400" />
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium text-slate-800">{file.filename}</span>
                  <span className="text-xs text-slate-500">{fileSize(file.size)}</span>
                </span>
                <Icon name="download" size={15} className="text-slate-500" />
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
