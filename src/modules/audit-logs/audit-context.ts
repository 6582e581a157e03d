import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../../common/auth/principal.js';
import type { AuditActorType } from './entities/audit-log.entity.js';

/** Who acts, as known when the request arrives or later (the auth guard sets the principal after the middleware ran). */
export type AuditActorSource =
  | { type: 'user'; userId: number | null }
  | { type: 'api_key'; apiKeyId: number | null }
  | { type: 'admin_console'; userId: number | null; label: string | null }
  | { type: 'anonymous' };

/** The actor as recorded: ids plus a label that survives the actor's deletion. */
export interface AuditActor {
  type: AuditActorType;
  userId: number | null;
  apiKeyId: number | null;
  label: string | null;
}

/** What the audit trail needs to know about the request a write happens in. */
export interface AuditContext {
  actor(): AuditActorSource;
  requestId(): string | null;
  ipAddress: string | null;
  /** Filled on the first audited write of the request (one lookup per request). */
  resolvedActor?: AuditActor;
}

const storage = new AsyncLocalStorage<AuditContext>();
/** Audit contexts currently open (write requests and console actions in flight). */
let openContexts = 0;

/*
 * Why the count: on Node 20 an enabled AsyncLocalStorage installs a promise hook that runs for every
 * promise the process creates, reads included (about a fifth of the CPU of a read request in
 * bench/api). The storage is therefore disabled whenever no audit context is open, and run() enables
 * it again for the next one. Every write of a request happens before its response is sent, so a
 * context is never needed after it closes.
 */
function openAuditContext(): () => void {
  openContexts++;
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    if (--openContexts === 0) storage.disable();
  };
}

/** Runs `fn` with `context` as the audit context until the promise it returns settles. */
export async function runWithAuditContext<T>(context: AuditContext, fn: () => Promise<T>): Promise<T> {
  const close = openAuditContext();
  try {
    return await storage.run(context, fn);
  } finally {
    close();
  }
}

/** Runs the rest of a request (`next`) with `context` as the audit context, until the response closes. */
export function runRequestWithAuditContext(
  context: AuditContext,
  response: { once(event: 'close', listener: () => void): unknown },
  next: () => void,
): void {
  response.once('close', openAuditContext());
  storage.run(context, next);
}

/** The audit context of the current request; undefined outside one (workers, scripts): such writes are not audited. */
export function currentAuditContext(): AuditContext | undefined {
  return storage.getStore();
}

/** The subset of an Express request the API context reads. */
export interface AuditedRequest {
  principal?: Principal;
  id?: unknown;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** Context of an API request: the principal is read when the first write happens, once the guards have run. */
export function apiRequestContext(request: AuditedRequest): AuditContext {
  return {
    actor: () => {
      const principal = request.principal;
      if (!principal) return { type: 'anonymous' };
      return principal.kind === 'api_key' ? { type: 'api_key', apiKeyId: principal.apiKeyId } : { type: 'user', userId: principal.userId };
    },
    // pino-http assigns the id (echoed as X-Request-Id) in a middleware that may run after this one.
    requestId: () => (typeof request.id === 'string' || typeof request.id === 'number' ? String(request.id) : null),
    ipAddress: request.ip ?? request.socket?.remoteAddress ?? null,
  };
}

/** Context of an AdminJS console action, with the signed-in platform admin (AdminJS's `currentAdmin`). */
export function adminConsoleContext(admin: { id?: string | number; email?: string } | undefined, ipAddress: string | null): AuditContext {
  const userId = Number(admin?.id);
  return {
    actor: () => ({
      type: 'admin_console',
      userId: Number.isSafeInteger(userId) && userId > 0 ? userId : null,
      label: admin?.email ?? null,
    }),
    requestId: () => null,
    ipAddress,
  };
}
