import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import type { TreeEntry } from './detection/file-selection.js';

const ScannerOctokit = Octokit.plugin(throttling, retry);

/** Waits and retries; the defaults follow GitHub's guidance, tests shorten them. */
export interface GithubRetryPolicy {
  /** Base of the retry plugin's backoff for 5xx and network errors (waits base × 1, 4, 9 …). */
  retryBaseMs: number;
  retries: number;
  /** How long the throttling plugin may wait for a primary or secondary limit, at most, before failing. */
  maxRateLimitWaitSeconds: number;
  /** Wait after a secondary limit without Retry-After (GitHub: at least a minute). */
  secondaryLimitFallbackSeconds: number;
  /** Multiplies the throttling plugin's waits (seconds → ms). */
  rateLimitWaitUnitMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: GithubRetryPolicy = {
  retryBaseMs: 1000,
  retries: 3,
  maxRateLimitWaitSeconds: 15 * 60,
  secondaryLimitFallbackSeconds: 60,
  rateLimitWaitUnitMs: 1000,
  requestTimeoutMs: 30_000,
};

export interface RepositorySummary {
  name: string;
  htmlUrl: string;
  defaultBranch: string | null;
  pushedAt: string | null;
  archived: boolean;
  fork: boolean;
}

export type ListingPage =
  { notModified: true } | { notModified: false; etag: string | null; repositories: RepositorySummary[]; hasNext: boolean };

export interface RepositoryTree {
  sha: string;
  truncated: boolean;
  entries: TreeEntry[];
}

/** GitHub's answer, classified for the scanner: `fatal` errors end the scan (credentials, organization). */
export class GithubError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'GithubError';
  }
}

interface OctokitRequestError {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

const isRequestError = (error: unknown): error is OctokitRequestError =>
  typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';

const PER_PAGE = 100;

/**
 * A thin adapter over the GitHub REST API for one scan: Octokit with the throttling (primary and
 * secondary limits) and retry (5xx, network) plugins, conditional requests, and a count of the
 * requests that consume rate-limit budget (every HTTP response except 304).
 */
export class GithubClient {
  budgetRequests = 0;
  notModified = 0;
  private readonly octokit: InstanceType<typeof ScannerOctokit>;

  constructor(apiUrl: string, token: string | undefined, policy: GithubRetryPolicy = DEFAULT_RETRY_POLICY) {
    const countingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, { ...init, signal: AbortSignal.timeout(policy.requestTimeoutMs) });
      if (response.status === 304) this.notModified++;
      else this.budgetRequests++;
      return response;
    };
    const withinBudget = (retryAfterSeconds: number, retryCount: number) =>
      retryCount < 3 && retryAfterSeconds <= policy.maxRateLimitWaitSeconds;
    this.octokit = new ScannerOctokit({
      auth: token,
      baseUrl: apiUrl,
      userAgent: 'auraai-ai-usage-scanner',
      request: { fetch: countingFetch },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      // GitHub's default no-retry list plus 409 (an empty repository has no tree to retry for).
      retry: { retries: policy.retries, retryAfterBaseValue: policy.retryBaseMs, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
      throttle: {
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => withinBudget(retryAfter, retryCount),
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
          withinBudget(retryAfter, retryCount),
        fallbackSecondaryRateRetryAfter: policy.secondaryLimitFallbackSeconds,
        retryAfterBaseValue: policy.rateLimitWaitUnitMs,
      },
    });
  }

  /** One page of the organization's repositories; with the page's previous ETag an unchanged page is a 304. */
  async listOrganizationRepositories(org: string, page: number, etag?: string | null): Promise<ListingPage> {
    try {
      const response = await this.octokit.rest.repos.listForOrg({
        org,
        type: 'all',
        sort: 'full_name',
        per_page: PER_PAGE,
        page,
        headers: etag ? { 'if-none-match': etag } : {},
      });
      return {
        notModified: false,
        etag: response.headers.etag ?? null,
        hasNext: /rel="next"/.test(response.headers.link ?? ''),
        repositories: response.data.map((repo) => ({
          name: repo.name,
          htmlUrl: repo.html_url,
          defaultBranch: repo.default_branch ?? null,
          pushedAt: repo.pushed_at ?? null,
          archived: Boolean(repo.archived),
          fork: Boolean(repo.fork),
        })),
      };
    } catch (error) {
      // Octokit reports 304 Not Modified as an error; for us it means "unchanged".
      if (isRequestError(error) && error.status === 304) return { notModified: true };
      throw this.describe(error, `listing the repositories of '${org}'`, {
        404: `GitHub organization '${org}' was not found, or this token cannot see it`,
      });
    }
  }

  async getTree(owner: string, repo: string, ref: string): Promise<RepositoryTree> {
    try {
      const { data } = await this.octokit.rest.git.getTree({ owner, repo, tree_sha: ref, recursive: 'true' });
      return {
        sha: data.sha,
        truncated: Boolean(data.truncated),
        entries: data.tree.map((e) => ({ path: e.path ?? '', type: e.type ?? 'blob', sha: e.sha ?? '', size: e.size })),
      };
    } catch (error) {
      throw this.describe(error, `reading the file tree of ${repo}`, { 409: `repository ${repo} is empty` });
    }
  }

  async getBlobText(owner: string, repo: string, sha: string, path: string): Promise<string> {
    try {
      const { data } = await this.octokit.rest.git.getBlob({ owner, repo, file_sha: sha });
      return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    } catch (error) {
      throw this.describe(error, `reading ${path} in ${repo}`);
    }
  }

  /** A file by path (used when the tree listing is truncated); null when it does not exist. */
  async getFileText(owner: string, repo: string, path: string, ref: string): Promise<{ text: string; sha: string } | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ owner, repo, path, ref });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
      return { text: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha };
    } catch (error) {
      if (isRequestError(error) && error.status === 404) return null;
      throw this.describe(error, `reading ${path} in ${repo}`);
    }
  }

  /** A message a person can act on, without stack traces or tokens. */
  private describe(error: unknown, action: string, specific: Record<number, string> = {}): GithubError {
    if (!isRequestError(error))
      return new GithubError(`GitHub request failed while ${action}: ${String((error as Error)?.message ?? error)}`, 0);
    const detail =
      typeof (error.response?.data as { message?: unknown })?.message === 'string'
        ? (error.response!.data as { message: string }).message
        : error.message;
    if (specific[error.status]) return new GithubError(specific[error.status], error.status);
    if (error.status === 401)
      return new GithubError(`GitHub rejected the token (401 ${detail}); check or replace the scan configuration's token`, 401);
    if (error.status === 403 || error.status === 429) {
      const limited = error.response?.headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(detail);
      return new GithubError(
        limited
          ? `GitHub rate limit exceeded while ${action} (${detail}); try again later`
          : `GitHub denied access while ${action} (${error.status} ${detail})`,
        error.status,
      );
    }
    if (error.status === 0 || error.status >= 500)
      return new GithubError(
        `GitHub was unreachable or failing while ${action}, after retries (${error.status || 'network error'}: ${detail})`,
        error.status,
      );
    return new GithubError(`GitHub answered ${error.status} while ${action} (${detail})`, error.status);
  }
}
