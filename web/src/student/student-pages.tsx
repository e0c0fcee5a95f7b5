// The student's chunk (loaded on first use): labs, one lab with booking and queue, history.
export { LabsPage } from './labs-page.tsx';
export { LabPage } from './lab-page.tsx';
export { HistoryPage } from './history-page.tsx';
