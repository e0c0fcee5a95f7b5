import type { Lab } from '@remotelab/protocol';
import { courseApi, labApi } from '../api/platform-api.ts';
import type { Member } from '@remotelab/protocol';

export interface Teaching {
  /** Students of my courses' groups, by user id. */
  people: Map<string, Member>;
  /** Labs of my courses, by id. */
  labs: Map<string, Lab>;
}

/**
 * Names for the ids sessions carry (the API lists sessions with owner ids only): every member of
 * every group of the courses I teach, and every lab of them.
 */
export async function loadTeaching(): Promise<Teaching> {
  const courses = await courseApi.list();
  const people = new Map<string, Member>();
  const labs = new Map<string, Lab>();
  await Promise.all(
    courses.map(async (course) => {
      const [groups, courseLabs] = await Promise.all([
        courseApi.groups(course.id),
        labApi.ofCourse(course.id),
      ]);
      for (const lab of courseLabs) labs.set(lab.id, lab);
      const members = await Promise.all(groups.map((g) => courseApi.members(course.id, g.id)));
      for (const member of members.flat()) people.set(member.id, member);
    }),
  );
  return { people, labs };
}
