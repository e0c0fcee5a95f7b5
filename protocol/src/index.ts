// zod as every protocol schema uses it (jitless in a browser): for clients composing reply schemas.
export { z } from './zod.ts';
export * from './version.ts';
export * from './errors.ts';
export * from './bench-definition.schema.ts';
export * from './bench-descriptor.schema.ts';
export * from './bench-view.schema.ts';
export * from './sample-frame.schema.ts';
export * from './stream-frame.codec.ts';
export * from './agent-link.schema.ts';
export * from './browser-link.schema.ts';
export * from './api/index.ts';
export * from './output-value.ts';
export * from './lab-controls.ts';
export * from './define-config.ts';
export * from './bench-condition.ts';
export * from './reply.ts';
