import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { parseInline, parseMarkdown, safeHref, safeImageSrc } from './markdown-parse.ts';
import { MarkdownView } from './markdown-view.tsx';

const html = (source: string) => renderToStaticMarkup(<MarkdownView source={source} />);

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
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('//evil.example/x')).toBeNull();
    expect(safeHref('https://example.org/a')).toBe('https://example.org/a');
    expect(safeHref('#step-2')).toBe('#step-2');
    expect(safeImageSrc('data:image/png;base64,iVBORw0KGgo=')).toBe(
      'data:image/png;base64,iVBORw0KGgo=',
    );
    expect(safeImageSrc('http://example.org/a.png')).toBeNull();
  });

  it('opens external links in a new tab without giving it this page', () => {
    expect(html('[datasheet](https://example.org/ds.pdf)')).toContain(
      '<a href="https://example.org/ds.pdf" target="_blank" rel="noopener noreferrer nofollow">datasheet</a>',
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
