import { z } from '../zod.ts';

/** A host name as the server's configuration spells it: lower case, no port, no wildcard. */
const HostNameSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'a lower-case host name');

/**
 * What the site lets content (lab instructions in Markdown) point at beyond its own origin:
 * links to `linkHosts`, https images from `imageHosts`. The browser's CSP enforces the images too.
 */
export const SitePolicySchema = z.strictObject({
  linkHosts: z.array(HostNameSchema).max(100),
  imageHosts: z.array(HostNameSchema).max(100),
});
export type SitePolicy = z.infer<typeof SitePolicySchema>;
