import { z } from 'zod';
import {
  AddMembersSchema,
  CourseSchema,
  CreateCourseSchema,
  CreateGroupSchema,
  GroupSchema,
  IdSchema,
  LabInputSchema,
  LabSchema,
  MemberSchema,
  MembersAddedSchema,
} from '@remotelab/protocol';
import { defineRoute, type AnyRoute } from '../route-table.ts';
import type { RouteServices } from './route-services.ts';

const CourseParams = z.strictObject({ courseId: IdSchema });
const GroupParams = z.strictObject({ courseId: IdSchema, groupId: IdSchema });
const MemberParams = z.strictObject({ courseId: IdSchema, groupId: IdSchema, userId: IdSchema });
const LabParams = z.strictObject({ labId: IdSchema });
const teaching = ['instructor', 'admin'] as const;
const learning = ['student', 'instructor', 'admin'] as const;

export function courseRoutes(s: RouteServices): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/courses',
      tag: 'courses',
      summary: 'Courses you teach (instructor), follow (student) or all (admin).',
      access: learning,
      response: { status: 200, schema: z.array(CourseSchema) },
      handler: async ({ ctx }) => s.courses.list(ctx.actor),
    }),
    defineRoute({
      method: 'post',
      path: '/courses',
      tag: 'courses',
      summary: 'Create a course. An instructor owns what they create; an admin names the owner.',
      access: teaching,
      body: CreateCourseSchema,
      response: { status: 201, schema: CourseSchema },
      handler: async ({ body, ctx }) => s.courses.create(ctx.actor, body),
    }),
    defineRoute({
      method: 'get',
      path: '/courses/:courseId',
      tag: 'courses',
      summary: 'One course you teach or follow.',
      access: learning,
      params: CourseParams,
      response: { status: 200, schema: CourseSchema },
      handler: async ({ params, ctx }) => s.courses.get(ctx.actor, params.courseId),
    }),
    defineRoute({
      method: 'get',
      path: '/courses/:courseId/groups',
      tag: 'courses',
      summary: "The course's groups with their sizes.",
      access: teaching,
      params: CourseParams,
      response: { status: 200, schema: z.array(GroupSchema) },
      handler: async ({ params, ctx }) => s.courses.listGroups(ctx.actor, params.courseId),
    }),
    defineRoute({
      method: 'post',
      path: '/courses/:courseId/groups',
      tag: 'courses',
      summary: 'Create a group of students in the course.',
      access: teaching,
      params: CourseParams,
      body: CreateGroupSchema,
      response: { status: 201, schema: GroupSchema },
      handler: async ({ params, body, ctx }) =>
        s.courses.createGroup(ctx.actor, params.courseId, body.name),
    }),
    defineRoute({
      method: 'get',
      path: '/courses/:courseId/groups/:groupId/members',
      tag: 'courses',
      summary: 'The students of a group.',
      access: teaching,
      params: GroupParams,
      response: { status: 200, schema: z.array(MemberSchema) },
      handler: async ({ params, ctx }) =>
        s.courses.listMembers(ctx.actor, params.courseId, params.groupId),
    }),
    defineRoute({
      method: 'post',
      path: '/courses/:courseId/groups/:groupId/members',
      tag: 'courses',
      summary: 'Add students to a group by email (all or nothing).',
      access: teaching,
      params: GroupParams,
      body: AddMembersSchema,
      response: { status: 200, schema: MembersAddedSchema },
      handler: async ({ params, body, ctx }) =>
        s.courses.addMembers(ctx.actor, params.courseId, params.groupId, body.emails),
    }),
    defineRoute({
      method: 'delete',
      path: '/courses/:courseId/groups/:groupId/members/:userId',
      tag: 'courses',
      summary: 'Remove a student from a group.',
      access: teaching,
      params: MemberParams,
      response: { status: 204 },
      handler: async ({ params, ctx }) => {
        await s.courses.removeMember(ctx.actor, params.courseId, params.groupId, params.userId);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/courses/:courseId/labs',
      tag: 'labs',
      summary: "The course's labs (for a student: those open to their groups).",
      access: learning,
      params: CourseParams,
      response: { status: 200, schema: z.array(LabSchema) },
      handler: async ({ params, ctx }) => s.labs.list(ctx.actor, params.courseId),
    }),
    defineRoute({
      method: 'post',
      path: '/courses/:courseId/labs',
      tag: 'labs',
      summary:
        'Design a lab. Its inputs and controls are checked against every known bench of its pool.',
      access: teaching,
      params: CourseParams,
      body: LabInputSchema,
      response: { status: 201, schema: LabSchema },
      handler: async ({ params, body, ctx }) => s.labs.create(ctx.actor, params.courseId, body),
    }),
    defineRoute({
      method: 'get',
      path: '/labs/:labId',
      tag: 'labs',
      summary: 'One lab: instructions, steps, exposed channels and controls, booking policy.',
      access: learning,
      params: LabParams,
      response: { status: 200, schema: LabSchema },
      handler: async ({ params, ctx }) => s.labs.get(ctx.actor, params.labId),
    }),
    defineRoute({
      method: 'put',
      path: '/labs/:labId',
      tag: 'labs',
      summary: "Replace a lab's design (checked again against its pool).",
      access: teaching,
      params: LabParams,
      body: LabInputSchema,
      response: { status: 200, schema: LabSchema },
      handler: async ({ params, body, ctx }) => s.labs.replace(ctx.actor, params.labId, body),
    }),
  ];
}
