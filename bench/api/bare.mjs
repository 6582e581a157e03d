/**
 * Below the stack's floor (bench/api/floor.mjs): the risk-item detail on `node:http` and `pg` alone — verify the
 * bearer token (jsonwebtoken, as @nestjs/jwt does), read the principal, read the row scoped to the organization,
 * answer it as JSON — with no framework and no ORM. `npm run bench:api -- --api bare --only risk-item-detail`.
 * Sign-in (POST /api/v1/auth/login) signs a token for the e-mail's user without checking the password.
 */
import http from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';

const secret = process.env.JWT_SECRET;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const PRINCIPAL_SQL = `SELECT u.id, u.organization_id, u.active, r.id AS role_id, r.name AS role_name, array_to_json(r.permissions) AS permissions
   FROM users u JOIN roles r ON r.id = u.role_id WHERE u.id = $1`;
const RISK_ITEM_SQL = 'SELECT * FROM risk_items WHERE organization_id = $1 AND id = $2';

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

async function handle(req, res) {
  if (req.url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method === 'POST' && req.url === '/api/v1/auth/login') {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const { rows } = await pool.query('SELECT id, organization_id FROM users WHERE email = $1', [JSON.parse(raw).email]);
    if (!rows[0]) return send(res, 401, { message: 'unknown user' });
    return send(res, 200, {
      accessToken: jwt.sign({ sub: rows[0].id, org: rows[0].organization_id, typ: 'access' }, secret, { expiresIn: 3600 }),
    });
  }
  const route = /^\/api\/v1\/risk-items\/(\d+)$/.exec(req.url);
  if (req.method !== 'GET' || !route) return send(res, 404, { message: 'not found' });
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  let payload;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch {
    return send(res, 401, { message: 'invalid token' });
  }
  const user = (await pool.query(PRINCIPAL_SQL, [payload.sub])).rows[0];
  if (!user?.active || user.organization_id !== payload.org) return send(res, 401, { message: 'invalid token' });
  const row = (await pool.query(RISK_ITEM_SQL, [user.organization_id, Number(route[1])])).rows[0];
  return row ? send(res, 200, row) : send(res, 404, { message: 'not found' });
}

const server = http.createServer((req, res) => handle(req, res).catch((error) => send(res, 500, { message: error.message })));
server.listen(Number(process.env.PORT));
process.once('SIGTERM', () => server.close(() => pool.end()));
