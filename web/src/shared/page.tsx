import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { usePageFocus } from '../app/use-page-focus.ts';

/**
 * A page: one h2 (focused after an in-app navigation, so keyboard and screen-reader users land
 * on it) and the document title.
 */
export function Page(props: {
  title: string;
  testId?: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageFocus(heading);
  const { title } = props;
  useEffect(() => {
    const previous = document.title;
    document.title = `${title} · remotelab`;
    return () => {
      document.title = previous;
    };
  }, [title]);
  const id = `page-title-${props.testId ?? 'page'}`;
  return (
    <section className="page" aria-labelledby={id} data-testid={props.testId}>
      <div className="page-head">
        <h2 id={id} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
