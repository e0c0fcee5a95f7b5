import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import {
  parseInline,
  parseMarkdown,
  safeHref,
  safeImageSrc,
  type ContentPolicy,
} from './markdown-parse.ts';
import { MarkdownView } from './markdown-view.tsx';

/** The site at lab.example.edu allows links to example.org and images from images.example.edu. */
const POLICY: ContentPolicy = {
  base: 'https://lab.example.edu/',
  linkHosts: ['example.org'],
  imageHosts: ['images.example.edu'],
};
const SAME_ORIGIN_ONLY: ContentPolicy = { ...POLICY, linkHosts: [], imageHosts: [] };

const html = (source: string, policy = POLICY) =>
  renderToStaticMarkup(<MarkdownView source={source} policy={policy} />);

describe('Markdown for lab instructions', () => {
  it('renders headings, paragraphs, lists, quotes, code and rules', () => {
    const out = html(
      [
        '# Step response',
        'Set the **duty** to *50 %* and read `vout`.',
        '',
        '1. Start at 0',
        '2. Go to 100',
        '',
        '- tau = R C',
        '> Careful: hot',
        '```',
        'v(t) = 5 (1 - e^(-t/tau))',
        '```',
        '---',
      ].join('\n'),
    );
    expect(out).toContain('<h3>Step response</h3>');
    expect(out).toContain('<strong>duty</strong>');
    expect(out).toContain('<em>50 %</em>');
    expect(out).toContain('<code>vout</code>');
    expect(out).toContain('<ol start="1"><li>Start at 0</li><li>Go to 100</li></ol>');
    expect(out).toContain('<ul><li>tau = R C</li></ul>');
    expect(out).toContain('<blockquote><p>Careful: hot</p></blockquote>');
    expect(out).toContain('<pre dir="ltr"><code>v(t) = 5 (1 - e^(-t/tau))</code></pre>');
    expect(out).toContain('<hr/>');
  });

  it('shows raw HTML as text, never as markup', () => {
    const out = html('<img src=x onerror="alert(1)"> <script>alert(2)</script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;script&gt;');
  });

  it('drops dangerous link and image addresses but keeps their words', () => {
    const out = html('[click](javascript:alert(1)) ![x](data:image/svg+xml;base64,PHN2Zz4=)');
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('svg');
    expect(out).toContain('click');
    expect(safeHref('JaVaScRiPt:alert(1)', POLICY)).toBeNull();
    expect(safeHref('//evil.example/x', POLICY)).toBeNull();
    expect(safeHref('https://example.org/a', POLICY)).toBe('https://example.org/a');
    expect(safeHref('#step-2', POLICY)).toBe('#step-2');
    expect(safeImageSrc('data:image/png;base64,iVBORw0KGgo=', POLICY)).toBe(
      'data:image/png;base64,iVBORw0KGgo=',
    );
    expect(safeImageSrc('http://example.org/a.png', POLICY)).toBeNull();
  });

  // Issue 9, item 7: links and images stay on this site or the allowed hosts.
  it('keeps links on this origin or the allowed hosts, as the browser will resolve them', () => {
    for (const escape of [
      '/\\evil.example/p',
      '\\\\evil.example/p',
      '/\\/evil.example/p',
      '//evil.example/p',
      'https://evil.example/p',
      'https://example.org.evil.example/p',
      'https://example.org@evil.example/p',
      'http://lab.example.edu:8443/p',
      'https://evil.example\\@example.org/',
      'java\tscript:alert(1)',
    ])
      expect(safeHref(escape, POLICY), escape).toBeNull();
    expect(safeHref('/labs/rc', POLICY)).toBe('https://lab.example.edu/labs/rc');
    expect(safeHref('https://lab.example.edu/x?y=1#z', POLICY)).toBe(
      'https://lab.example.edu/x?y=1#z',
    );
    expect(safeHref('https://example.org/ds.pdf', SAME_ORIGIN_ONLY)).toBeNull();
    expect(safeHref('mailto:teacher@example.edu', POLICY)).toBe('mailto:teacher@example.edu');
    const out = html('[x](/\\evil.example/p) [y](https://evil.example/)');
    expect(out).not.toContain('<a');
    expect(out).toContain('x');
  });

  it('loads images from this origin, pasted data and the allowed https hosts only', () => {
    expect(safeImageSrc('/figures/rc.png', POLICY)).toBe('https://lab.example.edu/figures/rc.png');
    expect(safeImageSrc('https://images.example.edu/rc.png', POLICY)).toBe(
      'https://images.example.edu/rc.png',
    );
    for (const outside of [
      'https://evil.example/track.png',
      'http://images.example.edu/rc.png',
      '/\\evil.example/track.png',
      '//evil.example/track.png',
    ])
      expect(safeImageSrc(outside, POLICY), outside).toBeNull();
    expect(safeImageSrc('https://images.example.edu/rc.png', SAME_ORIGIN_ONLY)).toBeNull();
    expect(html('![tracker](https://evil.example/t.png)')).not.toContain('<img');
  });

  it('opens external links in a new tab without giving it this page', () => {
    expect(html('[datasheet](https://example.org/ds.pdf)')).toContain(
      '<a href="https://example.org/ds.pdf" target="_blank" rel="noopener noreferrer nofollow">datasheet</a>',
    );
    expect(html('[step](/labs/rc)')).toContain(
      '<a href="https://lab.example.edu/labs/rc">step</a>',
    );
  });

  it('keeps Arabic text and lets the browser pick its direction', () => {
    const out = html('## التجربة الأولى\nاضبط **الدورة** على ٥٠٪');
    expect(out).toContain('dir="auto"');
    expect(out).toContain('<h4>التجربة الأولى</h4>');
    expect(out).toContain('<strong>الدورة</strong>');
  });

  it('treats escapes, lone markers and snake_case as text', () => {
    expect(parseInline('a \\*b\\* c')).toEqual([{ type: 'text', text: 'a *b* c' }]);
    expect(parseInline('2 * 3 = 6')).toEqual([{ type: 'text', text: '2 * 3 = 6' }]);
    expect(parseInline('v_out_max')).toEqual([{ type: 'text', text: 'v_out_max' }]);
  });

  it('bounds nesting so hostile input stays cheap', () => {
    const deep = `${'>'.repeat(5000)} x`;
    expect(() => parseMarkdown(deep)).not.toThrow();
    const started = performance.now();
    parseMarkdown('*'.repeat(20_000));
    parseMarkdown('['.repeat(5000) + ']('.repeat(5000));
    // A generous bound: a quadratic blow-up would take seconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
