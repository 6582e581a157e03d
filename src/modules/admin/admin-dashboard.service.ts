import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PlatformCounts {
  organizations: number;
  aiSystems: number;
  openRisksBySeverity: Record<string, number>;
  scansRunning: { github: number; bias: number };
  alertsThisWeek: number;
}

/** Platform-wide counts for the AdminJS dashboard (GET /admin/api/dashboard). */
@Injectable()
export class AdminDashboardService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async counts(): Promise<PlatformCounts> {
    const [row] = await this.dataSource.query(`
      SELECT
        (SELECT count(*) FROM organizations)::int AS organizations,
        (SELECT count(*) FROM ai_systems)::int AS "aiSystems",
        (SELECT count(*) FROM github_scan_runs WHERE status IN ('queued', 'pending', 'processing', 'running'))::int AS "githubScansRunning",
        (SELECT count(*) FROM bias_analysis_scans WHERE status IN ('queued', 'pending', 'processing', 'running'))::int AS "biasScansRunning",
        (SELECT count(*) FROM frontier_models_alerts WHERE created_at >= now() - interval '7 days')::int AS "alertsThisWeek"`);
    const severities: Array<{ severity: string; count: number }> = await this.dataSource.query(
      `SELECT severity, count(*)::int AS count FROM risk_items WHERE status = 'open' GROUP BY severity ORDER BY severity`,
    );
    return {
      organizations: row.organizations,
      aiSystems: row.aiSystems,
      openRisksBySeverity: Object.fromEntries(severities.map((s) => [s.severity, s.count])),
      scansRunning: { github: row.githubScansRunning, bias: row.biasScansRunning },
      alertsThisWeek: row.alertsThisWeek,
    };
  }
}
