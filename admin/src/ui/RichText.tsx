// A message, comment or description in the Markdown subset, rendered as React elements from the
// contract's token tree (the widget's RichText is its Preact twin): the text never becomes HTML.
import { LINK_REL, parseMarkdown, type MdInline } from '@deskline/contract/markdown';
import { useMemo } from 'react';

function Inline({ nodes }: { nodes: MdInline[] }) {
  return (
    <>
      {nodes.map((n, i) =>
        typeof n === 'string' ? (
          n
        ) : n.t === 'code' ? (
          <code key={i} className="rounded bg-slate-500/15 px-1 font-mono text-[0.92em]">
            {n.v}
          </code>
        ) : n.t === 'a' ? (
          <a key={i} href={n.href} target="_blank" rel={LINK_REL} className="underline underline-offset-2">
            <Inline nodes={n.c} />
          </a>
        ) : n.t === 'strong' ? (
          <strong key={i} className="font-semibold">
            <Inline nodes={n.c} />
          </strong>
        ) : (
          <em key={i}>
            <Inline nodes={n.c} />
          </em>
        ),
      )}
    </>
  );
}

function List({ ordered, items }: { ordered: boolean; items: MdInline[][] }) {
  const Tag = ordered ? 'ol' : 'ul';
  return (
    <Tag className={ordered ? 'list-decimal ps-5' : 'list-disc ps-5'}>
      {items.map((item, j) => (
        <li key={j} className="whitespace-pre-wrap">
          <Inline nodes={item} />
        </li>
      ))}
    </Tag>
  );
}

/** `className` styles the whole text (its colour, size); paragraphs keep the writer's line breaks. */
export function RichText({ text, className, ...rest }: { text: string; className?: string; 'data-testid'?: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div className={`flex flex-col gap-1.5 ${className ?? ''}`} {...rest}>
      {blocks.map((b, i) =>
        b.t === 'p' ? (
          <p key={i} className="whitespace-pre-wrap">
            <Inline nodes={b.c} />
          </p>
        ) : b.t === 'pre' ? (
          <pre key={i} className="overflow-x-auto rounded-md bg-slate-500/15 px-2.5 py-2 font-mono text-xs">
            <code>{b.v}</code>
          </pre>
        ) : (
          <List key={i} ordered={b.t === 'ol'} items={b.items} />
        ),
      )}
    </div>
  );
}
