import type { Course, Lab } from '@remotelab/protocol';
import { courseApi, labApi } from '../api/platform-api.ts';

export interface CourseLabs {
  course: Course;
  labs: Lab[];
}

/** The labs open to me, per course I follow (the server filters by my groups). */
export async function loadMyLabs(): Promise<CourseLabs[]> {
  const courses = await courseApi.list();
  return Promise.all(
    courses.map(async (course) => ({ course, labs: await labApi.ofCourse(course.id) })),
  );
}
