// One implementation, in the server's harnesses (its private Redis needs it too).
export { freePort } from '@remotelab/server/testing';
