import { SitePolicySchema, type SitePolicy } from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';

/** The content policy the web client applies to Markdown (LAB_LINK_HOSTS, LAB_IMAGE_HOSTS). */
export function siteRoutes(policy: SitePolicy): AnyRoute[] {
  const frozen = SitePolicySchema.parse(policy);
  return [
    defineRoute({
      method: 'get',
      path: '/site/content-policy',
      tag: 'platform',
      summary:
        'Hosts that links and images in lab instructions may point at, besides this site (public).',
      access: 'public',
      response: { status: 200, schema: SitePolicySchema },
      handler: async () => frozen,
    }),
  ];
}
