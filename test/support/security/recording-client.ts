import request from 'supertest';
import type { App } from 'supertest/types.js';

/** One request the suite sent and what came back (headers and body as text), kept for the secret scan. */
export interface Exchange {
  id: number;
  /** `POST /api/v1/api-keys`, for messages. */
  request: string;
  status: number;
  headers: Record<string, unknown>;
  text: string;
}

export interface SendOptions {
  /** Credential headers (a Session's `auth`, `{ 'X-API-Key': … }`, or none). */
  auth?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as is, with `contentType` (default application/json). */
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Sends every request of the security suite through supertest and records each exchange, so that
 * a final test can scan every response the suite saw. It also remembers every credential it sent
 * (bearer tokens, API keys): none may ever reach a log line.
 */
export class RecordingClient {
  readonly exchanges: Exchange[] = [];
  readonly sentCredentials = new Set<string>();
  private readonly byResponse = new WeakMap<request.Response, Exchange>();

  constructor(private readonly http: App) {}

  async send(method: string, url: string, options: SendOptions = {}): Promise<request.Response> {
    let call = request(this.http)[method.toLowerCase() as Method](url);
    for (const [name, value] of Object.entries({ ...options.auth, ...options.headers })) {
      call = call.set(name, value);
      if (/^(authorization|x-api-key)$/i.test(name)) this.sentCredentials.add(value.replace(/^(Bearer|Basic) /, ''));
    }
    if (options.raw !== undefined) call = call.set('Content-Type', options.contentType ?? 'application/json').send(options.raw);
    else if (options.body !== undefined) call = call.send(options.body as object);
    const res = await call;
    const exchange: Exchange = {
      id: this.exchanges.length,
      request: `${method.toUpperCase()} ${url.length > 200 ? `${url.slice(0, 200)}…` : url}`,
      status: res.status,
      headers: res.headers as Record<string, unknown>,
      text: res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('utf8') : JSON.stringify(res.body ?? '')),
    };
    this.exchanges.push(exchange);
    this.byResponse.set(res, exchange);
    return res;
  }

  /** The exchange a response was recorded as (to allow a secret in the one response that issues it). */
  exchangeOf(res: request.Response): Exchange {
    const exchange = this.byResponse.get(res);
    if (!exchange) throw new Error('response not sent through this RecordingClient');
    return exchange;
  }

  /** Sends and insists on `status` (setup steps): a failure names the request and the body. */
  async expect(status: number, method: string, url: string, options: SendOptions = {}): Promise<request.Response> {
    const res = await this.send(method, url, options);
    if (res.status !== status)
      throw new Error(`${method.toUpperCase()} ${url}: expected ${status}, got ${res.status} ${res.text?.slice(0, 500)}`);
    return res;
  }
}
