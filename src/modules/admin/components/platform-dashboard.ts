/**
 * AdminJS dashboard (a browser component, bundled by AdminJS with rollup; written without JSX so
 * that tsc compiles it like the rest of the code). Shows the counts of GET /admin/api/dashboard.
 */
import { Box, H2, H5, Text } from '@adminjs/design-system';
import { ApiClient } from 'adminjs';
import * as React from 'react';
import type { PlatformCounts } from '../admin-dashboard.service.js';

const h = React.createElement;
const api = new ApiClient();
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

function Card(props: { label: string; value: number | string; testId: string }) {
  return h(
    Box,
    { variant: 'card', flex: true, flexDirection: 'column', width: ['100%', '48%', '23%'], mb: 'lg', 'data-testid': props.testId },
    h(Text, { variant: 'sm', color: 'grey60' }, props.label),
    h(H2, { mt: 'sm', mb: 0 }, String(props.value)),
  );
}

export default function PlatformDashboard() {
  const [counts, setCounts] = React.useState<PlatformCounts | null>(null);
  const [failure, setFailure] = React.useState<string | null>(null);
  React.useEffect(() => {
    api
      .getDashboard()
      .then((response) => setCounts(response.data as PlatformCounts))
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, []);

  if (failure) return h(Box, { variant: 'container', m: 'xl' }, h(Text, null, `Could not load the counts: ${failure}`));
  if (!counts) return h(Box, { variant: 'container', m: 'xl' }, h(Text, null, 'Loading…'));
  const openRisks = Object.values(counts.openRisksBySeverity).reduce((sum, n) => sum + n, 0);
  const severities = [
    ...SEVERITY_ORDER.filter((s) => s in counts.openRisksBySeverity),
    ...Object.keys(counts.openRisksBySeverity).filter((s) => !SEVERITY_ORDER.includes(s)),
  ];
  return h(
    Box,
    { variant: 'container', m: 'xl', 'data-testid': 'platform-dashboard' },
    h(H5, { mb: 'xl' }, 'Platform overview'),
    h(
      Box,
      { flex: true, flexDirection: 'row', flexWrap: 'wrap', justifyContent: 'space-between' },
      h(Card, { label: 'Organizations', value: counts.organizations, testId: 'count-organizations' }),
      h(Card, { label: 'AI systems', value: counts.aiSystems, testId: 'count-ai-systems' }),
      h(Card, { label: 'Open risks', value: openRisks, testId: 'count-open-risks' }),
      h(Card, {
        label: 'Scans running (GitHub / bias)',
        value: `${counts.scansRunning.github} / ${counts.scansRunning.bias}`,
        testId: 'count-scans-running',
      }),
      h(Card, { label: 'Frontier alerts this week', value: counts.alertsThisWeek, testId: 'count-alerts-week' }),
      ...severities.map((severity) =>
        h(Card, {
          key: severity,
          label: `Open risks: ${severity}`,
          value: counts.openRisksBySeverity[severity],
          testId: `count-open-risks-${severity}`,
        }),
      ),
    ),
  );
}
