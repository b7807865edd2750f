// Reads a domain's verification TXT record through node:dns, from the resolvers configuration names
// (GATEHOUSE_DNS_SERVERS) or the system's. "No such record" is an answer (not verified); a resolver
// that cannot be reached or times out is not, and surfaces as UNAVAILABLE so the caller retries.
import { Resolver } from 'node:dns/promises';
import { ApiError } from '../contract/api-error.ts';

// Answers about the domain itself: the record is missing, or the domain's own DNS is broken.
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'ESERVFAIL', 'ENONAME', 'EBADNAME']);
const ATTEMPTS = 2;

export class TxtLookup {
  readonly #resolver: Resolver;

  constructor(servers: readonly string[], timeoutMs: number) {
    this.#resolver = new Resolver({ timeout: timeoutMs, tries: ATTEMPTS });
    if (servers.length > 0) this.#resolver.setServers([...servers]);
  }

  /** Every TXT value at `name`, each record's strings joined as RFC 7208 §3.3 does; [] when none. */
  async values(name: string): Promise<string[]> {
    try {
      const records = await this.#resolver.resolveTxt(name);
      return records.map((chunks) => chunks.join(''));
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'EUNKNOWN';
      if (NO_RECORD.has(code)) return [];
      throw new ApiError(
        'UNAVAILABLE',
        `could not look up the TXT record ${name} (${code}); try again later`,
      );
    }
  }
}
