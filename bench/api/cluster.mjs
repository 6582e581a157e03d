/**
 * Runs N API processes on one port with node:cluster (the primary hands connections out round-robin), the way
 * a host with several cores runs the stateless API; each worker is the unmodified dist/src/main.js.
 * Migrations are applied by the bench before it starts this (MIGRATIONS_RUN=false in the workers).
 */
import cluster from 'node:cluster';

const processes = Number(process.env.BENCH_API_PROCESSES ?? 2);
if (cluster.isPrimary) {
  for (let i = 0; i < processes; i++) cluster.fork({ MIGRATIONS_RUN: 'false' });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
} else {
  await import(new URL('../../dist/src/main.js', import.meta.url).href);
}
