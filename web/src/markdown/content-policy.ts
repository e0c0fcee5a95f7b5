import { useEffect, useState } from 'react';
import { SitePolicySchema } from '@remotelab/protocol';
import { get } from '../api/http.ts';
import { sameOriginPolicy, type ContentPolicy } from './markdown-parse.ts';

/** Fetched once per page load; every Markdown view shares it. */
let loading: Promise<ContentPolicy> | undefined;

function loadPolicy(): Promise<ContentPolicy> {
  loading ??= get('/site/content-policy', SitePolicySchema).then(
    (policy) => ({ ...sameOriginPolicy(), ...policy }),
    // Unreachable or malformed (logged by `request`): nothing beyond this origin.
    () => {
      loading = undefined; // try again at the next view; this origin only meanwhile
      return sameOriginPolicy();
    },
  );
  return loading;
}

/**
 * Where Markdown may point on this site. Until the site's answer is in, this origin only: an
 * allowed external link shows as its words for a moment, a forbidden one never shows as a link.
 */
export function useContentPolicy(): ContentPolicy {
  const [policy, setPolicy] = useState<ContentPolicy>(() => sameOriginPolicy());
  useEffect(() => {
    let live = true;
    void loadPolicy().then((loaded) => {
      if (live) setPolicy(loaded);
    });
    return () => {
      live = false;
    };
  }, []);
  return policy;
}
