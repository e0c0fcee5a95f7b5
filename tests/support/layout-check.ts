import type { Page } from 'playwright-core';

/** What makes a page scroll sideways: the page itself, or a region that hides content sideways. */
export interface SidewaysScroll {
  /** `document.documentElement.scrollWidth - innerWidth` when positive, else 0. */
  pageOverflow: number;
  /** Regions with overflow-x auto/scroll whose content is wider than they are. */
  regions: Array<{ element: string; scrollWidth: number; clientWidth: number }>;
}

/**
 * Measures sideways scrolling as the acceptance states it: the document no wider than the
 * window, and no element with `overflow-x: auto | scroll` holding content wider than its box
 * (a scroll box the user would have to swipe). Elements not rendered are ignored.
 */
export function sidewaysScroll(page: Page): Promise<SidewaysScroll> {
  return page.evaluate(() => {
    const pageOverflow = Math.max(0, document.documentElement.scrollWidth - window.innerWidth);
    const regions: SidewaysScroll['regions'] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const { overflowX } = getComputedStyle(element);
      if (overflowX !== 'auto' && overflowX !== 'scroll') continue;
      if (element.scrollWidth > element.clientWidth + 1 && element.getClientRects().length > 0) {
        const id = element.dataset.testid ? `[data-testid=${element.dataset.testid}]` : '';
        regions.push({
          element: `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}${id}`,
          scrollWidth: element.scrollWidth,
          clientWidth: element.clientWidth,
        });
      }
    }
    return { pageOverflow, regions };
  });
}
