import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { parseMarkdown } from './markdown-parse.ts';
import type { Block, Inline } from './markdown-parse.ts';

function inlines(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'strong':
        return <strong key={key}>{inlines(node.children)}</strong>;
      case 'em':
        return <em key={key}>{inlines(node.children)}</em>;
      case 'code':
        return <code key={key}>{node.text}</code>;
      case 'break':
        return <br key={key} />;
      case 'image':
        return <img key={key} src={node.src} alt={node.alt} loading="lazy" decoding="async" />;
      case 'link': {
        const external = /^(https?:)?\/\//i.test(node.href);
        return (
          <a
            key={key}
            href={node.href}
            {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}
          >
            {inlines(node.children)}
          </a>
        );
      }
    }
  });
}

function blocks(nodes: readonly Block[], headingOffset: number): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case 'heading': {
        const level = Math.min(6, node.level + headingOffset);
        const Tag = `h${level}` as 'h2';
        return <Tag key={key}>{inlines(node.children)}</Tag>;
      }
      case 'paragraph':
        return <p key={key}>{inlines(node.children)}</p>;
      case 'list': {
        const items = node.items.map((item, i) => <li key={i}>{inlines(item)}</li>);
        return node.ordered ? (
          <ol key={key} start={node.start}>
            {items}
          </ol>
        ) : (
          <ul key={key}>{items}</ul>
        );
      }
      case 'quote':
        return <blockquote key={key}>{blocks(node.children, headingOffset)}</blockquote>;
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
 * instructor wrote can run. `headingOffset` keeps the page's outline (a `#` under an h2 is an h3).
 */
export function MarkdownView({
  source,
  headingOffset = 2,
}: {
  source: string;
  headingOffset?: number;
}) {
  const tree = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className="markdown" dir="auto">
      {blocks(tree, headingOffset)}
    </div>
  );
}
