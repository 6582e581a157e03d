/**
 * Allowed values of the seed's enumerated text columns. Where the seed gives a list it is used
 * as is; where it says "etc." or names none, the list is ours and documented in the OpenAPI schema.
 */
export const RISK_STATUSES = ['open', 'mitigated', 'closed'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const IMPACT_LEVELS = ['low', 'medium', 'high'] as const;
export const LIKELIHOOD_LEVELS = ['low', 'medium', 'high'] as const;
export const RISK_CATEGORIES = [
  'security',
  'privacy',
  'bias',
  'fairness',
  'safety',
  'transparency',
  'explainability',
  'accountability',
  'robustness',
  'reliability',
  'performance',
  'accuracy',
  'data_quality',
  'data_governance',
  'compliance',
  'legal',
  'regulatory',
  'ethical',
  'operational',
  'reputational',
  'environmental',
  'intellectual_property',
  'human_oversight',
  'third_party',
  'other',
] as const;
export const MITIGATION_STATUSES = ['planned', 'in-progress', 'completed', 'rejected'] as const;

/** Lifecycle of an AI system in the inventory. */
export const AI_SYSTEM_STATUSES = ['planned', 'development', 'testing', 'active', 'inactive', 'deprecated', 'retired'] as const;

/** Generic levels plus the EU AI Act tiers (minimal, limited, high, unacceptable). */
export const AI_SYSTEM_RISK_LEVELS = ['minimal', 'low', 'limited', 'medium', 'high', 'critical', 'unacceptable'] as const;

export const COMPLIANCE_STATUSES = ['open', 'in-progress', 'resolved', 'closed', 'accepted'] as const;
