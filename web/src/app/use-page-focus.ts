import { useEffect } from 'react';
import type { RefObject } from 'react';

/** Set on the first in-app navigation: the page the app opens on keeps the browser's focus. */
let navigated = false;
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => (navigated = true), { once: true });
}

/**
 * Moves keyboard and screen-reader focus to a page's heading when the user navigated to it (the
 * link they activated is gone). The heading needs tabIndex={-1}.
 */
export function usePageFocus(heading: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (navigated) heading.current?.focus();
  }, [heading]);
}
