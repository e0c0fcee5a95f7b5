// The technician's chunk (loaded on first use).
export { FleetPage } from './fleet-page.tsx';
export { FleetLogPage } from './fleet-log-page.tsx';
