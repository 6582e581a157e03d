import { declaresAiUsage, scanFile, summarizeFindings, type FetchedFile } from './detection/detector.js';
import type { EvidenceItem, RepositoryFindings } from './detection/detection.types.js';
import { FALLBACK_MANIFEST_PATHS, planFiles, SIZE_CAPS, type PlannedFile } from './detection/file-selection.js';
import { GithubError, type GithubClient, type RepositorySummary } from './github.client.js';

export interface RepositoryScan {
  treeSha: string | null;
  findings: RepositoryFindings;
  warnings: string[];
  /** The tree had not changed: the previous findings (and warnings) were kept. */
  reused: boolean;
}

export interface PreviousScan {
  treeSha: string | null;
  findings: RepositoryFindings;
  warnings: string[];
}

/** Source files read per repository: fewer when the manifests already declare AI usage. */
export const SOURCE_SAMPLE = { withDeclaredUsage: 1, otherwise: 2 };

const FILE_CONCURRENCY = 4;

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}

const NO_FINDINGS = (): RepositoryFindings => summarizeFindings([]);

/**
 * Scans one repository: its default branch's tree (one request), then only the files that matter,
 * as blobs. A file that cannot be read becomes a warning; only a tree that cannot be read fails
 * the repository (GithubError). With `previous`, an unchanged tree reuses the earlier findings.
 */
export async function scanRepository(
  client: GithubClient,
  owner: string,
  repository: RepositorySummary,
  previous: PreviousScan | null,
): Promise<RepositoryScan> {
  if (!repository.defaultBranch) return { treeSha: null, findings: NO_FINDINGS(), warnings: ['empty repository'], reused: false };
  let tree;
  try {
    tree = await client.getTree(owner, repository.name, repository.defaultBranch);
  } catch (error) {
    if (error instanceof GithubError && error.status === 409)
      return { treeSha: null, findings: NO_FINDINGS(), warnings: ['empty repository'], reused: false };
    throw error;
  }
  if (previous && previous.treeSha === tree.sha) return { ...previous, reused: true };

  const plan = planFiles(tree.entries);
  const warnings = [...plan.warnings];
  const evidence: EvidenceItem[] = [...plan.modelFiles];
  const read = async (file: PlannedFile): Promise<FetchedFile | null> => {
    try {
      return { path: file.path, role: file.role, text: await client.getBlobText(owner, repository.name, file.sha, file.path) };
    } catch (error) {
      if (error instanceof GithubError && error.status === 401) throw error;
      warnings.push(`${file.path}: ${(error as Error).message}`);
      return null;
    }
  };
  const collect = (files: Array<FetchedFile | null>) => {
    for (const file of files) {
      if (!file) continue;
      const scan = scanFile(file);
      evidence.push(...scan.evidence);
      warnings.push(...scan.warnings);
    }
  };

  if (tree.truncated) {
    // The listing is incomplete: read the usual manifests at the root by path as well.
    warnings.push('the file tree is too large for one listing (truncated); root manifests were read by path');
    const listed = new Set(plan.primary.map((f) => f.path));
    const fallback = await mapWithConcurrency(
      FALLBACK_MANIFEST_PATHS.filter((path) => !listed.has(path)),
      FILE_CONCURRENCY,
      async (path): Promise<FetchedFile | null> => {
        try {
          const file = await client.getFileText(owner, repository.name, path, repository.defaultBranch!);
          if (!file) return null;
          if (file.text.length > SIZE_CAPS.manifest) {
            warnings.push(`${path}: exceeds the manifest size cap; skipped`);
            return null;
          }
          return { path, role: 'manifest', text: file.text };
        } catch (error) {
          if (error instanceof GithubError && error.status === 401) throw error;
          warnings.push(`${path}: ${(error as Error).message}`);
          return null;
        }
      },
    );
    collect(fallback);
  }
  collect(await mapWithConcurrency(plan.primary, FILE_CONCURRENCY, read));
  const sample = plan.sources.slice(0, declaresAiUsage(evidence) ? SOURCE_SAMPLE.withDeclaredUsage : SOURCE_SAMPLE.otherwise);
  collect(await mapWithConcurrency(sample, FILE_CONCURRENCY, read));
  return { treeSha: tree.sha, findings: summarizeFindings(evidence), warnings, reused: false };
}
