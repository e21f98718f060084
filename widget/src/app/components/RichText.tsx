// A message, comment or description in the Markdown subset, rendered as Preact elements from the
// contract's token tree: the text never becomes HTML, so script-bearing input stays inert.
import { LINK_REL, parseMarkdown, type MdInline } from '@deskline/contract/markdown';
import { useMemo } from 'preact/hooks';

function Inline({ nodes }: { nodes: MdInline[] }) {
  return (
    <>
      {nodes.map((n) =>
        typeof n === 'string' ? (
          n
        ) : n.t === 'code' ? (
          <code>{n.v}</code>
        ) : n.t === 'a' ? (
          <a href={n.href} target="_blank" rel={LINK_REL}>
            <Inline nodes={n.c} />
          </a>
        ) : n.t === 'strong' ? (
          <strong>
            <Inline nodes={n.c} />
          </strong>
        ) : (
          <em>
            <Inline nodes={n.c} />
          </em>
        ),
      )}
    </>
  );
}

export function RichText({ text, class: className }: { text: string; class?: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div class={className ? `dl-rt ${className}` : 'dl-rt'}>
      {blocks.map((b) =>
        b.t === 'p' ? (
          <p>
            <Inline nodes={b.c} />
          </p>
        ) : b.t === 'pre' ? (
          <pre>
            <code>{b.v}</code>
          </pre>
        ) : b.t === 'ul' ? (
          <ul>
            {b.items.map((item) => (
              <li>
                <Inline nodes={item} />
              </li>
            ))}
          </ul>
        ) : (
          <ol>
            {b.items.map((item) => (
              <li>
                <Inline nodes={item} />
              </li>
            ))}
          </ol>
        ),
      )}
    </div>
  );
}
