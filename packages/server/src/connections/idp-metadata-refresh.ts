// Keeps connections imported from an IdP metadata URL in step with it, so an IdP's certificate
// rollover (new certificate published beside the old, then the old removed) flows through without
// an admin. Only the certificates follow: the entity id must still match (a URL that now describes
// another IdP is not followed), and endpoints an admin may have overridden are left alone. A failure
// is logged and leaves the connection as it was. Every instance may run this; writes are
// conditional on the row being unchanged since it was read, and only a change writes an event.
import type { AppContext } from '../app-context.ts';
import { isoNow } from '../util/time.ts';
import type { ConnectionRow } from './connection-store.ts';
import { metadataFromUrl, writeConnectionUpdate } from './connection-update.ts';
import { applyImportedMetadata } from './idp-metadata-apply.ts';
import { readSamlConfig } from './saml-config.ts';

export interface RefreshOutcome {
  checked: number;
  updated: number;
  failed: number;
}

/** True when the connection's certificates changed. */
async function refreshOne(ctx: AppContext, row: ConnectionRow, url: string): Promise<boolean> {
  const stored = readSamlConfig(row.saml_config);
  const imported = await metadataFromUrl(ctx, url);
  if (imported.metadata.entityId !== stored.idp_entity_id) {
    throw new Error(
      `the metadata now names entityID ${imported.metadata.entityId.slice(0, 200)}, not ${stored.idp_entity_id}; import it again to accept that`,
    );
  }
  const certificates = applyImportedMetadata(stored, { ...imported, url }).certificates;
  const before = stored.certificates.map((c) => c.fingerprint).join(' ');
  if (certificates.map((c) => c.fingerprint).join(' ') === before) return false;
  const next: ConnectionRow = {
    ...row,
    saml_config: JSON.stringify({ ...stored, certificates }),
    updated_at: isoNow(),
  };
  return writeConnectionUpdate(ctx.db, ctx.environmentId, next, row.updated_at);
}

export async function refreshImportedMetadata(ctx: AppContext): Promise<RefreshOutcome> {
  const rows = await ctx.db
    .selectFrom('connections')
    .selectAll()
    .where('type', '=', 'SAML')
    .where('saml_config', 'like', '%"idp_metadata_url"%')
    .execute();
  const outcome: RefreshOutcome = { checked: 0, updated: 0, failed: 0 };
  for (const row of rows) {
    const url = readSamlConfig(row.saml_config).idp_metadata_url;
    if (!url) continue;
    outcome.checked++;
    try {
      if (await refreshOne(ctx, row, url)) {
        outcome.updated++;
        ctx.logger.info({ connection_id: row.id }, 'IdP metadata refresh: signing certificates updated');
      }
    } catch (error) {
      outcome.failed++;
      const reason = error instanceof Error ? error.message : String(error);
      ctx.logger.warn({ connection_id: row.id, reason }, 'IdP metadata refresh failed; connection unchanged');
    }
  }
  return outcome;
}

export interface MetadataRefresher {
  stop(): Promise<void>;
}

/** First run a few minutes after start (restarts more often than the interval still refresh), then every interval. */
export function startIdpMetadataRefresh(ctx: AppContext, intervalMs: number): MetadataRefresher {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      running = refreshImportedMetadata(ctx)
        .catch((error: unknown) => ctx.logger.error({ err: error }, 'IdP metadata refresh could not run'))
        .finally(() => {
          if (!stopped) schedule(intervalMs);
        });
    }, delay);
    timer.unref();
  };
  schedule(Math.min(intervalMs, 5 * 60_000));
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
