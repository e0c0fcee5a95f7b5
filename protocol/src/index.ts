export * from './version.ts';
export * from './errors.ts';
export * from './bench-definition.schema.ts';
export * from './bench-descriptor.schema.ts';
export * from './sample-frame.schema.ts';
export * from './agent-link.schema.ts';
export * from './browser-link.schema.ts';
