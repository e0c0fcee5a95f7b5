// The instructor's chunk (loaded on first use).
export { CoursesPage } from './courses-page.tsx';
export { CoursePage } from './course-page.tsx';
export { LabDesignerPage } from './lab-designer-page.tsx';
export { LivePage } from './live-page.tsx';
export { ResultsPage } from './results-page.tsx';
