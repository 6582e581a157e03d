import request from 'supertest';
import type { App } from 'supertest/types.js';

/** A cookie-keeping client signed into the AdminJS console (POST /admin/login as the login form does). */
export async function adminAgent(http: App, email: string, password: string): Promise<ReturnType<typeof request.agent>> {
  const agent = request.agent(http);
  const res = await agent.post('/admin/login').type('form').send({ email, password });
  if (res.status !== 302 || res.headers.location !== '/admin') {
    throw new Error(`admin login failed for ${email}: ${res.status} ${res.headers.location ?? ''}`);
  }
  return agent;
}

/** Tries to sign in and answers whether the console let the user in. */
export async function adminLoginSucceeds(http: App, email: string, password: string): Promise<boolean> {
  const agent = request.agent(http);
  const login = await agent.post('/admin/login').type('form').send({ email, password });
  if (login.status === 302 && login.headers.location === '/admin') return true;
  const page = await agent.get('/admin');
  return page.status === 200;
}
