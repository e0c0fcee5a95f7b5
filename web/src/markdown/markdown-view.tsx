import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { parseMarkdown } from './markdown-parse.ts';
import type { Block, ContentPolicy, Inline } from './markdown-parse.ts';
import { useContentPolicy } from './content-policy.ts';

function inlines(nodes: readonly Inline[], origin: string): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'strong':
        return <strong key={key}>{inlines(node.children, origin)}</strong>;
      case 'em':
        return <em key={key}>{inlines(node.children, origin)}</em>;
      case 'code':
        return <code key={key}>{node.text}</code>;
      case 'break':
        return <br key={key} />;
      case 'image':
        return <img key={key} src={node.src} alt={node.alt} loading="lazy" decoding="async" />;
      case 'link': {
        // Hrefs come resolved (or as #anchors and mailto:) from the parser's policy check.
        const external = /^https?:/i.test(node.href) && new URL(node.href).origin !== origin;
        return (
          <a
            key={key}
            href={node.href}
            {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}
          >
            {inlines(node.children, origin)}
          </a>
        );
      }
    }
  });
}

function blocks(nodes: readonly Block[], headingOffset: number, origin: string): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case 'heading': {
        const level = Math.min(6, node.level + headingOffset);
        const Tag = `h${level}` as 'h2';
        return <Tag key={key}>{inlines(node.children, origin)}</Tag>;
      }
      case 'paragraph':
        return <p key={key}>{inlines(node.children, origin)}</p>;
      case 'list': {
        const items = node.items.map((item, i) => <li key={i}>{inlines(item, origin)}</li>);
        return node.ordered ? (
          <ol key={key} start={node.start}>
            {items}
          </ol>
        ) : (
          <ul key={key}>{items}</ul>
        );
      }
      case 'quote':
        return <blockquote key={key}>{blocks(node.children, headingOffset, origin)}</blockquote>;
      case 'code':
        return (
          <pre key={key} dir="ltr">
            <code>{node.text}</code>
          </pre>
        );
      case 'rule':
        return <hr key={key} />;
    }
  });
}

/**
 * Lab instructions rendered from Markdown as React elements: never innerHTML, so nothing the
 * instructor wrote can run; links and images only where the site's content policy allows. `headingOffset` keeps the page's outline (a `#` under an h2 is an h3).
 */
export function MarkdownView({
  source,
  headingOffset = 2,
  policy,
}: {
  source: string;
  headingOffset?: number;
  /** Where links and images may point; the site's own policy when not given. */
  policy?: ContentPolicy;
}) {
  const sitePolicy = useContentPolicy();
  const applied = policy ?? sitePolicy;
  const tree = useMemo(() => parseMarkdown(source, applied), [source, applied]);
  return (
    <div className="markdown" dir="auto">
      {blocks(tree, headingOffset, new URL(applied.base).origin)}
    </div>
  );
}
