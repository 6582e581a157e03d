import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** The ProPublica COMPAS data, from the team's shared folder beside the repository (as in development and CI). */
const SHARED_COMPAS_CSV_PATH = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'compas-scores-two-years.csv');
/** A copy kept in the repository for checkouts without the shared folder (same bytes; see the migrations test for the seed's twin). */
const VENDORED_COMPAS_CSV_PATH = join(import.meta.dirname, '..', 'fixtures', 'bias', 'compas-scores-two-years.csv');
export const COMPAS_CSV_PATH = existsSync(SHARED_COMPAS_CSV_PATH) ? SHARED_COMPAS_CSV_PATH : VENDORED_COMPAS_CSV_PATH;

export function compasCsv(): Buffer {
  return readFileSync(COMPAS_CSV_PATH);
}

export interface OracleCounts {
  group: string;
  n: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/**
 * Loads the COMPAS CSV into a PostgreSQL table with COPY (all columns as text, named by position)
 * and returns the confusion counts per group computed by SQL GROUP BY: label two_year_recid = 1,
 * prediction decile_score ≥ 5, groups by `expression` over the columns race and sex.
 */
export async function compasCountsBySql(databaseUrl: string, groupExpression: string): Promise<OracleCounts[]> {
  const header = compasCsv().toString('utf8').split('\n', 1)[0].trim().split(',');
  const position = (name: string) => header.indexOf(name) + 1;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS oracle_compas (${header.map((_, i) => `c${i + 1} text`).join(', ')})`);
    const { rows: loaded } = await client.query<{ n: string }>('SELECT count(*) AS n FROM oracle_compas');
    if (Number(loaded[0].n) === 0) {
      await client.query(`COPY oracle_compas FROM '${COMPAS_CSV_PATH}' WITH (FORMAT csv, HEADER true)`);
    }
    const { rows } = await client.query<{ grp: string; n: string; tp: string; fp: string; fn: string; tn: string }>(`
      SELECT grp, count(*) AS n,
             sum((y = 1 AND p = 1)::int) AS tp, sum((y = 0 AND p = 1)::int) AS fp,
             sum((y = 1 AND p = 0)::int) AS fn, sum((y = 0 AND p = 0)::int) AS tn
      FROM (
        SELECT ${groupExpression} AS grp,
               (c${position('two_year_recid')} = '1')::int AS y,
               (c${position('decile_score')}::numeric >= 5)::int AS p
        FROM (SELECT COALESCE(NULLIF(c${position('race')}, ''), '(missing)') AS race,
                     COALESCE(NULLIF(c${position('sex')}, ''), '(missing)') AS sex, *
              FROM oracle_compas) AS named
      ) AS rows
      GROUP BY grp ORDER BY grp`);
    return rows.map((r) => ({ group: r.grp, n: +r.n, tp: +r.tp, fp: +r.fp, fn: +r.fn, tn: +r.tn }));
  } finally {
    await client.end();
  }
}

/** Fairlearn's definitions, written out independently of the product code. */
export function oracleMetrics(groups: OracleCounts[]) {
  const perGroup = groups.map((g) => ({
    group: g.group,
    count: g.n,
    positives: g.tp + g.fp,
    selectionRate: (g.tp + g.fp) / g.n,
    truePositiveRate: g.tp + g.fn ? g.tp / (g.tp + g.fn) : null,
    falsePositiveRate: g.fp + g.tn ? g.fp / (g.fp + g.tn) : null,
    precision: g.tp + g.fp ? g.tp / (g.tp + g.fp) : null,
    accuracy: (g.tp + g.tn) / g.n,
  }));
  const zeroed = (key: keyof (typeof perGroup)[number]) => perGroup.map((g) => (g[key] as number | null) ?? 0);
  const diff = (v: number[]) => Math.max(...v) - Math.min(...v);
  const rat = (v: number[]) => (Math.max(...v) === 0 ? null : Math.min(...v) / Math.max(...v));
  const tprRatio = rat(zeroed('truePositiveRate'));
  const fprRatio = rat(zeroed('falsePositiveRate'));
  const maxSelection = Math.max(...zeroed('selectionRate'));
  return {
    perGroup: perGroup.map((g) => ({ ...g, disparateImpact: maxSelection === 0 ? null : g.selectionRate / maxSelection })),
    aggregates: {
      demographic_parity_difference: diff(zeroed('selectionRate')),
      demographic_parity_ratio: rat(zeroed('selectionRate')),
      equalized_odds_difference: Math.max(diff(zeroed('truePositiveRate')), diff(zeroed('falsePositiveRate'))),
      equalized_odds_ratio: tprRatio === null ? null : fprRatio === null ? tprRatio : Math.min(tprRatio, fprRatio),
      equal_opportunity_difference: diff(zeroed('truePositiveRate')),
      false_positive_rate_difference: diff(zeroed('falsePositiveRate')),
      predictive_parity_difference: diff(zeroed('precision')),
      accuracy_difference: diff(zeroed('accuracy')),
    } as Record<string, number | null>,
  };
}
