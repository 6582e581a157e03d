import type { Exchange } from './recording-client.js';

interface Secret {
  kind: string;
  value: string;
  /** The one response allowed to show it (an API key or webhook secret, shown once on creation). */
  shownIn?: Exchange;
}

/** Password hashes by their PHC prefix (argon2, bcrypt, scrypt). */
const PASSWORD_HASH = /\$argon2(id|i|d)\$|\$2[aby]\$\d\d\$|\$scrypt\$/;

/**
 * Every secret the suite knows about, and the scans that prove none of them leaks: not in any
 * response (header or body) except the one response that issues it, not in any log line.
 */
export class SecretLedger {
  private readonly secrets: Secret[] = [];

  add(kind: string, value: string | undefined | null, shownIn?: Exchange): void {
    if (!value || value.length < 8) throw new Error(`secret "${kind}" is too short to scan for reliably`);
    this.secrets.push({ kind, value, shownIn });
  }

  get size(): number {
    return this.secrets.length;
  }

  kinds(): string[] {
    return [...new Set(this.secrets.map((s) => s.kind))].sort();
  }

  /** Every response (headers and body) in which a secret or a password hash appears where it must not. */
  leaksInResponses(exchanges: readonly Exchange[]): string[] {
    const leaks: string[] = [];
    for (const exchange of exchanges) {
      const seen = `${JSON.stringify(exchange.headers)}\n${exchange.text}`;
      for (const secret of this.secrets) {
        if (secret.shownIn === exchange) continue;
        if (seen.includes(secret.value)) leaks.push(`${exchange.request} (${exchange.status}) shows the ${secret.kind}`);
      }
      if (PASSWORD_HASH.test(seen)) leaks.push(`${exchange.request} (${exchange.status}) shows a password hash`);
    }
    return leaks;
  }

  /** Every log line holding a secret, a password hash or one of `credentials` (bearer tokens and API keys sent). */
  leaksInLogs(lines: readonly string[], credentials: Iterable<string>): string[] {
    const forbidden = [
      ...this.secrets.map((s) => ({ kind: s.kind, value: s.value })),
      ...[...credentials].filter((c) => c.length >= 8).map((value) => ({ kind: 'credential sent in a request header', value })),
    ];
    const leaks: string[] = [];
    for (const line of lines) {
      for (const { kind, value } of forbidden) if (line.includes(value)) leaks.push(`log line shows the ${kind}: ${line.slice(0, 300)}`);
      if (PASSWORD_HASH.test(line)) leaks.push(`log line shows a password hash: ${line.slice(0, 300)}`);
    }
    return leaks;
  }
}
