import type { DataSource, QueryRunner } from 'typeorm';
import { hashPassword } from '../common/auth/password.js';
import {
  AI_SYSTEM_RISK_LEVELS,
  AI_SYSTEM_STATUSES,
  COMPLIANCE_STATUSES,
  RISK_CATEGORIES,
  SEVERITIES,
} from '../common/domain/vocabulary.js';
import { RoleName } from '../common/permissions/permissions.js';
import type { CliResult } from './commands.js';

/**
 * Scale data for benchmarks and query-plan tests: many organizations with uneven registers, generated
 * inside PostgreSQL (INSERT … SELECT generate_series) so that a million risk items take minutes, not hours.
 * Every organization gets one admin user `scale-<batch>-<n>@scale.aura.local` with SCALE_PASSWORD.
 */
export const SCALE_EMAIL_DOMAIN = 'scale.aura.local';
export const SCALE_PASSWORD = 'scale-password-123';

export interface ScaleOptions {
  orgs: number;
  riskItems: number;
  aiSystems: number;
  mitigations: number;
  complianceIssues: number;
  /** Add another batch even if the database already holds scale data. */
  append?: boolean;
  /** Seed of PostgreSQL's random(), so two runs with the same options produce the same data. */
  randomSeed?: number;
  /** Skip the closing VACUUM ANALYZE (callers that analyze themselves). */
  skipVacuum?: boolean;
}

export const FULL_SCALE: ScaleOptions = {
  orgs: 1_000,
  riskItems: 1_000_000,
  aiSystems: 100_000,
  mitigations: 1_500_000,
  complianceIssues: 100_000,
};

export interface ScaleReport {
  batch: number;
  organizationIds: number[];
  counts: Record<'organizations' | 'users' | 'aiSystems' | 'riskItems' | 'mitigations' | 'complianceIssues', number>;
  timingsMs: Record<string, number>;
}

const LIMITS: Record<keyof Pick<ScaleOptions, 'orgs' | 'riskItems' | 'aiSystems' | 'mitigations' | 'complianceIssues'>, number> = {
  orgs: 100_000,
  riskItems: 50_000_000,
  aiSystems: 5_000_000,
  mitigations: 100_000_000,
  complianceIssues: 10_000_000,
};

/** Options from `--orgs N --risk-items N …`; unknown or bad values are refused with a message. */
export function parseScaleArgs(values: Record<string, string | boolean | undefined>): ScaleOptions | string {
  const options: ScaleOptions = { ...FULL_SCALE, append: values.append === true };
  const names: Array<[keyof typeof LIMITS, string]> = [
    ['orgs', 'orgs'],
    ['riskItems', 'risk-items'],
    ['aiSystems', 'ai-systems'],
    ['mitigations', 'mitigations'],
    ['complianceIssues', 'compliance-issues'],
  ];
  for (const [key, flag] of names) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const n = Number(String(raw).replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0 || n > LIMITS[key]) return `--${flag} must be an integer between 0 and ${LIMITS[key]}`;
    options[key] = n;
  }
  if (options.orgs < 1) return '--orgs must be at least 1';
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!(seed >= -1 && seed <= 1)) return '--seed must be a number between -1 and 1 (PostgreSQL setseed)';
    options.randomSeed = seed;
  }
  return options;
}

/** A phrase list as a SQL array literal (the lists are our constants, quotes are escaped anyway). */
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
/** Picks one element of a SQL array expression with a uniform random number `r` in [0, 1). */
const pick = (array: string, length: number, r: string) => `(${array})[1 + floor(${r} * ${length})::int]`;

/** Risk themes: category and title, so that titles, categories and searches agree. */
const RISK_THEMES: ReadonlyArray<readonly [category: string, title: string]> = [
  ['bias', 'Disparate impact on applicants over 60'],
  ['bias', 'Gender bias in ranking of candidates'],
  ['fairness', 'Unequal false positive rates across ethnic groups'],
  ['fairness', 'Postcode used as a proxy for protected attributes'],
  ['security', 'Prompt injection through uploaded documents'],
  ['security', 'Model weights exfiltration from the inference cluster'],
  ['privacy', 'Personal data leakage in generated answers'],
  ['privacy', 'Training data memorisation of customer records'],
  ['safety', 'Unsafe medical advice in chatbot responses'],
  ['transparency', 'Users not told they are talking to an AI'],
  ['explainability', 'Credit decisions cannot be explained to applicants'],
  ['accountability', 'No named owner for model changes'],
  ['robustness', 'Adversarial inputs flip fraud classifications'],
  ['reliability', 'Hallucinated policy answers'],
  ['performance', 'Model drift after market shift'],
  ['accuracy', 'Degraded accuracy on scanned documents'],
  ['data_quality', 'Mislabelled training examples'],
  ['data_governance', 'Training data retention beyond the agreed period'],
  ['compliance', 'Missing conformity assessment for a high-risk system'],
  ['legal', 'Copyrighted content reproduced in outputs'],
  ['regulatory', 'EU AI Act Annex III classification unclear'],
  ['ethical', 'Manipulative nudging in retention offers'],
  ['operational', 'Single engineer can retrain and deploy the model'],
  ['reputational', 'Offensive language generated for edge cases'],
  ['environmental', 'Energy use of nightly retraining not tracked'],
  ['intellectual_property', 'Vendor licence forbids fine-tuning on client data'],
  ['human_oversight', 'Automated rejections without human review'],
  ['third_party', 'Hosted model provider changes behaviour without notice'],
];
const AREAS = [
  'loan approvals',
  'claims triage',
  'customer chat',
  'hiring pipeline',
  'fraud screening',
  'marketing emails',
  'document intake',
  'call-centre routing',
  'pricing engine',
  'medical coding',
  'churn prediction',
  'contract review',
  'code assistant',
  'search ranking',
  'identity verification',
  'supplier scoring',
];
const CONTEXT_SENTENCES = [
  'Found during the quarterly model review.',
  'Raised by the internal audit team.',
  'Reported by a customer complaint that was escalated to compliance.',
  'Identified in the pre-deployment risk assessment.',
  'Observed in production monitoring dashboards over several weeks.',
  'Flagged by the data protection officer.',
  'Surfaced by a red-team exercise with external testers.',
  'Noted after an upstream vendor model upgrade.',
];
const SYSTEM_KINDS = [
  'Credit scoring model',
  'Customer support assistant',
  'Fraud detection',
  'Document classifier',
  'Resume screener',
  'Demand forecaster',
  'Claims triage model',
  'Speech transcription',
  'Recommendation engine',
  'Code review assistant',
  'Identity verification',
  'Churn predictor',
];
const SYSTEM_DESCRIPTIONS = [
  'Gradient-boosted model scoring consumer applications.',
  'LLM chatbot built on a hosted frontier model with retrieval over the knowledge base.',
  'Real-time anomaly detection on card transactions.',
  'Vision model extracting fields from scanned forms.',
  'Ranking model ordering applicants for recruiter review.',
  'Time-series model forecasting weekly demand per region.',
  'Open-weights model fine-tuned on internal tickets.',
];
const MITIGATIONS = [
  'Quarterly bias analysis with the four-fifths rule',
  'Output filter and retrieval scoped to the signed-in customer',
  'Answers grounded in the policy knowledge base with citations',
  'Human review of every automated rejection',
  'Re-sample the training set to match the production distribution',
  'Drift alerts on input features with a weekly retraining review',
  'Red-team prompt injection suite run on every release',
  'Disclosure banner telling users they talk to an AI',
  'Data retention job deleting training snapshots after 12 months',
  'Second approver required for model deployments',
];
const COMPLIANCE_TITLES = [
  'EU AI Act Annex III: high-risk classification',
  'Chatbot must disclose it is an AI (Art. 50)',
  'GDPR Art. 22: right to human review of automated decisions',
  'Technical documentation incomplete (Annex IV)',
  'Record-keeping: inference logs not retained',
  'Data protection impact assessment missing',
  'Post-market monitoring plan not defined',
  'Accuracy and robustness metrics not declared',
];
const ORG_WORDS = [
  'Northwind',
  'Contoso',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Acme',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
];
const ORG_SECTORS = ['Bank', 'Insurance', 'Health', 'Retail', 'Logistics', 'Energy', 'Telecom', 'Media', 'Public Services', 'Software'];

/**
 * How organization sizes are skewed: row k goes to organization 1 + floor(orgs * random()^SKEW).
 * With 1.5 the largest organization holds about 15× the mean and the smallest about 0.7× (realistic: a few
 * big customers, a long tail), and every organization gets rows.
 */
const SKEW = 1.5;
const orgOf = (orgs: string, r: string) => `least(${orgs} - 1, floor(${orgs} * power(${r}, ${SKEW}))::int) + 1`;

/** Creates the scale data in one transaction (all or nothing), then VACUUM ANALYZE so plans see real statistics. */
export async function seedScaleData(
  dataSource: DataSource,
  options: ScaleOptions,
  log: (line: string) => void = () => undefined,
): Promise<ScaleReport | CliResult> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const timingsMs: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    timingsMs[step] = Date.now() - started;
    log(`  ${step}: ${(timingsMs[step] / 1000).toFixed(1)} s`);
    return result;
  };
  let report: ScaleReport;
  try {
    const existing = Number(
      (await runner.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE $1`, [`scale-%-1@${SCALE_EMAIL_DOMAIN}`]))[0].n,
    );
    if (existing > 0 && !options.append) {
      return {
        ok: false,
        message: `this database already holds ${existing} batch(es) of scale data; pass --append to add another batch`,
      };
    }
    const batch = existing + 1;
    const roleRows = await runner.query(`SELECT id FROM roles WHERE name = $1`, [RoleName.Admin]);
    if (!roleRows.length) return { ok: false, message: 'the built-in roles are missing: run `npm run migration:run` first' };
    const passwordHash = await hashPassword(SCALE_PASSWORD);

    await runner.startTransaction();
    // Big hash joins and sorts stay in memory; random() is reproducible for the same seed.
    await runner.query(`SET LOCAL work_mem = '256MB'`);
    await runner.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await runner.query(`SELECT setseed($1)`, [options.randomSeed ?? 0.42]);
    await timed('organizations and users', () => insertOrganizationsAndUsers(runner, options, batch, roleRows[0].id, passwordHash));
    await timed('ai systems', () => insertAiSystems(runner, options));
    await timed('risk items', () => insertRiskItems(runner, options));
    await timed('mitigations', () => insertMitigations(runner, options));
    await timed('compliance issues', () => insertComplianceIssues(runner, options));
    const organizationIds: number[] = (await runner.query(`SELECT id FROM scale_org ORDER BY n`)).map((r: { id: number }) => r.id);
    await runner.commitTransaction();

    if (!options.skipVacuum) {
      await timed('vacuum analyze', async () => {
        for (const table of ['organizations', 'users', 'ai_systems', 'risk_items', 'risk_mitigations', 'compliance_issues']) {
          await runner.query(`VACUUM (ANALYZE) "${table}"`);
        }
      });
    }
    report = {
      batch,
      organizationIds,
      counts: {
        organizations: options.orgs,
        users: options.orgs,
        aiSystems: options.aiSystems,
        riskItems: options.riskItems,
        mitigations: options.riskItems ? options.mitigations : 0,
        complianceIssues: options.complianceIssues,
      },
      timingsMs,
    };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
  return report;
}

async function insertOrganizationsAndUsers(runner: QueryRunner, o: ScaleOptions, batch: number, roleId: number, passwordHash: string) {
  await runner.query(`CREATE TEMP TABLE scale_org (n int PRIMARY KEY, id int NOT NULL, user_id int) ON COMMIT DROP`);
  await runner.query(
    `WITH created AS (
       INSERT INTO organizations (name, created_at)
       SELECT ${pick(sqlArray(ORG_WORDS), ORG_WORDS.length, 'random()')} || ' ' || ${pick(sqlArray(ORG_SECTORS), ORG_SECTORS.length, 'random()')}
                || ' ' || lpad(g::text, 4, '0') || ' (scale ' || $2::int || ')',
              now() - random() * interval '5 years'
         FROM generate_series(1, $1::int) g
        ORDER BY g
       RETURNING id)
     INSERT INTO scale_org (n, id) SELECT row_number() OVER (ORDER BY id), id FROM created`,
    [o.orgs, batch],
  );
  await runner.query(
    `WITH created AS (
       INSERT INTO users (username, email, password, first_name, last_name, organization_id, role_id, created_at, last_login_at)
       SELECT 'scale-' || $1::int || '-' || s.n, 'scale-' || $1::int || '-' || s.n || '@${SCALE_EMAIL_DOMAIN}', $2, 'Scale', 'Admin ' || s.n,
              s.id, $3::int, now() - interval '4 years', now() - random() * interval '30 days'
         FROM scale_org s
       RETURNING id, organization_id)
     UPDATE scale_org SET user_id = created.id FROM created WHERE created.organization_id = scale_org.id`,
    [batch, passwordHash, roleId],
  );
}

async function insertAiSystems(runner: QueryRunner, o: ScaleOptions) {
  await runner.query(
    `INSERT INTO ai_systems (name, description, status, owner_id, organization_id, risk_level, version, deployed_at, created_at, updated_at)
     SELECT ${pick(sqlArray(SYSTEM_KINDS), SYSTEM_KINDS.length, 'g.r1')} || ' ' || g.k,
            CASE WHEN g.r2 < 0.9 THEN ${pick(sqlArray(SYSTEM_DESCRIPTIONS), SYSTEM_DESCRIPTIONS.length, 'g.r3')} END,
            ${pick(sqlArray(AI_SYSTEM_STATUSES), AI_SYSTEM_STATUSES.length, 'g.r4')},
            CASE WHEN g.r2 < 0.8 THEN s.user_id END, s.id,
            CASE WHEN g.r5 < 0.95 THEN ${pick(sqlArray(AI_SYSTEM_RISK_LEVELS), AI_SYSTEM_RISK_LEVELS.length, 'g.r5 / 0.95')} END,
            (1 + floor(g.r3 * 4))::int || '.' || floor(g.r4 * 10)::int || '.' || floor(g.r1 * 20)::int,
            CASE WHEN g.r2 < 0.7 THEN g.created + random() * interval '90 days' END,
            g.created, g.created + random() * (now() - g.created)
       FROM (SELECT k, ${orgOf('$2::int', 'random()')} AS org_n, random() AS r1, random() AS r2, random() AS r3,
                    random() AS r4, random() AS r5,
                    now() - interval '4 years' + (k::float8 / $1::int) * interval '4 years' AS created
               FROM generate_series(1, $1::int) k OFFSET 0) g
       JOIN scale_org s ON s.n = g.org_n`,
    [o.aiSystems, o.orgs],
  );
  // The AI systems of each organization, for risk items and compliance issues that reference one of them.
  await runner.query(
    `CREATE TEMP TABLE scale_ai ON COMMIT DROP AS
     SELECT a.organization_id AS org_id, array_agg(a.id) AS ids FROM ai_systems a JOIN scale_org s ON s.id = a.organization_id
      GROUP BY a.organization_id`,
  );
  await runner.query(`ALTER TABLE scale_ai ADD PRIMARY KEY (org_id)`);
}

/** An AI system of the same organization (or NULL for a tenth of the rows and organizations without one). */
const aiSystemOf = (r: string) => `CASE WHEN ${r} < 0.9 THEN a.ids[1 + floor(${r} / 0.9 * cardinality(a.ids))::int] END`;

async function insertRiskItems(runner: QueryRunner, o: ScaleOptions) {
  const themes = RISK_THEMES.length;
  // Older risks are more often mitigated or closed; severity leans to medium; the theme decides the category 80% of the time.
  await runner.query(
    `CREATE TEMP TABLE scale_risk (n int, id int, organization_id int, status text, created_at timestamptz, created_by_id int)
     ON COMMIT DROP`,
  );
  await runner.query(
    `WITH created AS (
       INSERT INTO risk_items (title, description, status, severity, impact, likelihood, category, system_details, ai_system_id,
                               created_by_id, organization_id, created_at, updated_at)
       SELECT ${pick(sqlArray(RISK_THEMES.map(([, title]) => title)), themes, 'g.r1')} || ' in ' || ${pick(sqlArray(AREAS), AREAS.length, 'g.r2')},
              CASE WHEN g.r3 < 0.85 THEN ${pick(sqlArray(CONTEXT_SENTENCES), CONTEXT_SENTENCES.length, 'g.r3 / 0.85')}
                     || ' Affects ' || ${pick(sqlArray(AREAS), AREAS.length, 'g.r2')} || '; tracking reference R-' || g.k || '.' END,
              CASE WHEN g.r4 < 0.2 + 0.6 * g.recent THEN 'open' WHEN g.r4 < 0.2 + 0.6 * g.recent + (0.8 - 0.6 * g.recent) * 0.6 THEN 'mitigated'
                   ELSE 'closed' END,
              CASE WHEN g.r5 < 0.3 THEN 'low' WHEN g.r5 < 0.7 THEN 'medium' WHEN g.r5 < 0.92 THEN 'high' ELSE 'critical' END,
              (ARRAY['low','medium','high'])[1 + floor(g.r6 * 3)::int],
              (ARRAY['low','medium','high'])[1 + floor(g.r7 * 3)::int],
              CASE WHEN g.r8 < 0.8 THEN ${pick(sqlArray(RISK_THEMES.map(([category]) => category)), themes, 'g.r1')}
                   ELSE ${pick(sqlArray(RISK_CATEGORIES), RISK_CATEGORIES.length, '(g.r8 - 0.8) / 0.2')} END,
              CASE WHEN g.r6 < 0.4 THEN 'Model v' || (1 + floor(g.r7 * 5))::int || '.' || floor(g.r8 * 10)::int || ', '
                     || (ARRAY['eu-west-1','eu-central-1','us-east-1','on-premise'])[1 + floor(g.r3 * 4)::int] END,
              ${aiSystemOf('g.r9')},
              CASE WHEN g.r9 < 0.97 THEN s.user_id END,
              s.id, g.created, g.created + g.r10 * (now() - g.created)
         FROM (SELECT k, ${orgOf('$2::int', 'random()')} AS org_n, k::float8 / $1::int AS recent,
                      random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                      random() AS r7, random() AS r8, random() AS r9, random() AS r10,
                      now() - interval '4 years' + (k::float8 / $1::int) * interval '4 years' AS created
                 FROM generate_series(1, $1::int) k OFFSET 0) g
         JOIN scale_org s ON s.n = g.org_n
         LEFT JOIN scale_ai a ON a.org_id = s.id
        ORDER BY g.k
       RETURNING id, organization_id, status, created_at, created_by_id)
     INSERT INTO scale_risk SELECT row_number() OVER (ORDER BY id), * FROM created`,
    [o.riskItems, o.orgs],
  );
  await runner.query(`ALTER TABLE scale_risk ADD PRIMARY KEY (n)`);
}

async function insertMitigations(runner: QueryRunner, o: ScaleOptions) {
  if (!o.riskItems || !o.mitigations) return;
  // Each mitigation belongs to a random risk item of the batch (so counts per risk vary, about 1.5 on average);
  // its status follows the risk's: closed and mitigated risks have mostly completed mitigations.
  await runner.query(
    `INSERT INTO risk_mitigations (risk_item_id, description, status, notes, created_by_id, organization_id, created_at, updated_at)
     SELECT r.id,
            ${pick(sqlArray(MITIGATIONS), MITIGATIONS.length, 'g.r1')},
            CASE WHEN r.status = 'open' THEN (ARRAY['planned','in-progress','in-progress','rejected'])[1 + floor(g.r2 * 4)::int]
                 ELSE (ARRAY['completed','completed','completed','in-progress','rejected'])[1 + floor(g.r2 * 5)::int] END,
            CASE WHEN g.r3 < 0.3 THEN 'Owner: ' || (ARRAY['data team','ML platform','legal','security','product'])[1 + floor(g.r3 / 0.3 * 5)::int]
                   || '; due end of Q' || (1 + floor(g.r1 * 4))::int || '.' END,
            r.created_by_id, r.organization_id, r.created_at + g.r4 * interval '60 days', r.created_at + g.r4 * interval '120 days'
       FROM (SELECT 1 + floor(random() * $2::int)::int AS risk_n, random() AS r1, random() AS r2, random() AS r3, random() AS r4
               FROM generate_series(1, $1::int) OFFSET 0) g
       JOIN scale_risk r ON r.n = g.risk_n`,
    [o.mitigations, o.riskItems],
  );
}

async function insertComplianceIssues(runner: QueryRunner, o: ScaleOptions) {
  if (!o.complianceIssues) return;
  await runner.query(
    `INSERT INTO compliance_issues (title, description, status, severity, ai_system_id, organization_id, created_at, updated_at)
     SELECT ${pick(sqlArray(COMPLIANCE_TITLES), COMPLIANCE_TITLES.length, 'g.r1')},
            CASE WHEN g.r2 < 0.7 THEN 'Gap found in the ' || (ARRAY['annual','quarterly','pre-launch'])[1 + floor(g.r2 / 0.7 * 3)::int]
                   || ' compliance review; evidence to be attached.' END,
            ${pick(sqlArray(COMPLIANCE_STATUSES), COMPLIANCE_STATUSES.length, 'g.r3')},
            ${pick(sqlArray(SEVERITIES), SEVERITIES.length, 'g.r4')},
            ${aiSystemOf('g.r5')},
            s.id, g.created, g.created + random() * (now() - g.created)
       FROM (SELECT k, ${orgOf('$2::int', 'random()')} AS org_n, random() AS r1, random() AS r2, random() AS r3,
                    random() AS r4, random() AS r5,
                    now() - interval '4 years' + (k::float8 / $1::int) * interval '4 years' AS created
               FROM generate_series(1, $1::int) k OFFSET 0) g
       JOIN scale_org s ON s.n = g.org_n
       LEFT JOIN scale_ai a ON a.org_id = s.id`,
    [o.complianceIssues, o.orgs],
  );
}

export function describeScaleReport(report: ScaleReport, elapsedMs: number): string {
  const c = report.counts;
  return [
    `scale batch ${report.batch} created in ${(elapsedMs / 1000).toFixed(1)} s: ${c.organizations} organizations, ${c.users} users,`,
    `  ${c.aiSystems} AI systems, ${c.riskItems} risk items, ${c.mitigations} mitigations, ${c.complianceIssues} compliance issues.`,
    `Sign in as scale-${report.batch}-<1..${c.organizations}>@${SCALE_EMAIL_DOMAIN} / ${SCALE_PASSWORD} (organization admins).`,
  ].join('\n');
}
