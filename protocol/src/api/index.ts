export * from './text.schema.ts';
export * from './accounts.schema.ts';
export * from './courses.schema.ts';
export * from './labs.schema.ts';
export * from './benches.schema.ts';
export * from './sessions.schema.ts';
export * from './audit.schema.ts';
export * from './scheduling.schema.ts';
