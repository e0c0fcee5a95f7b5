// Imported first by main.tsx, so it runs before any schema is built: zod decides at a schema's
// construction whether to compile it with eval, and probing for eval under this page's CSP is
// reported as a violation. Only this one protocol module is loaded here, for the same reason.
import { parseSchemasWithoutEval } from '@remotelab/protocol/schema-runtime';

parseSchemasWithoutEval();
