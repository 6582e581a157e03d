import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { DataSource } from 'typeorm';
import { bootstrapPlatformAdmin } from '../../src/cli/commands.js';
import type { TestApp } from './test-app.js';

let counter = 0;
export const unique = (prefix: string) => `${prefix}${++counter}${randomBytes(3).toString('hex')}`;

export interface Session {
  token: string;
  userId: number;
  organizationId: number;
  email: string;
  password: string;
  auth: { Authorization: string };
}

/** Registers a new organization through the API; its first user is an admin. */
export async function registerOrganization(http: App, overrides: Record<string, unknown> = {}): Promise<Session> {
  const username = unique('user');
  const body = {
    organizationName: unique('Org '),
    username,
    email: `${username}@example.com`,
    password: 'correct-horse-battery',
    ...overrides,
  };
  const res = await request(http).post('/api/v1/auth/register').send(body).expect(201);
  return toSession(res.body, body.email as string, body.password as string);
}

/** Adds a user with the given role to the admin's organization and signs in as them. */
export async function createUserWithRole(http: App, admin: Session, role: string): Promise<Session> {
  const username = unique(role.replace(/_/g, '-'));
  const email = `${username}@example.com`;
  const password = 'another-good-password';
  await request(http).post('/api/v1/users').set(admin.auth).send({ username, email, password, role }).expect(201);
  const res = await request(http).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return toSession(res.body, email, password);
}

/** The session a sign-in or registration response describes. */
export function toSession(
  body: { accessToken: string; user: { id: number; organizationId: number } },
  email: string,
  password: string,
): Session {
  return {
    token: body.accessToken,
    userId: body.user.id,
    organizationId: body.user.organizationId,
    email,
    password,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** Asserts the contract's error shape and returns the message. */
export function expectError(res: request.Response, status: number): string {
  expect(res.status).toBe(status);
  expect(res.body).toEqual(expect.objectContaining({ statusCode: status, error: expect.any(String), message: expect.any(String) }));
  return res.body.message as string;
}

/** Creates an organization and its first platform admin as `npm run cli -- bootstrap` does, then signs in as them. */
export async function createPlatformAdmin(t: TestApp): Promise<Session> {
  const username = unique('platform-admin');
  const email = `${username}@example.com`;
  const password = 'platform-admin-password';
  const result = await bootstrapPlatformAdmin(t.app.get(DataSource), { org: unique('Platform Org '), email, username, password });
  if (!result.ok) throw new Error(result.message);
  const res = await request(t.http).post('/api/v1/auth/login').send({ email, password }).expect(200);
  return toSession(res.body, email, password);
}
