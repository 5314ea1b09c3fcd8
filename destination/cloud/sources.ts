import { createHash } from 'node:crypto';

import type { MessageResult, SourceConfig } from './handle-message.js';
import { RequestError } from './collection-api.js';
import { isJsonObject } from './message.js';

/** One configured source: its configuration, the results of its messages, and its work queue. */
interface Source {
  config: SourceConfig;
  results: MessageResult[];
  tail: Promise<void>;
}

/**
 * Sources known to the destination, keyed by source write key. Work for one source runs one
 * task at a time, in arrival order, so Keen receives a source's events in a fixed order.
 */
export class SourceRegistry {
  private readonly sources = new Map<string, Source>();

  /** Sets a source's configuration. The results of a source configured before are kept. */
  configure(sourceWriteKey: string, config: SourceConfig): void {
    const source = this.sources.get(sourceWriteKey);
    if (source) source.config = config;
    else this.sources.set(sourceWriteKey, { config, results: [], tail: Promise.resolve() });
  }

  has(sourceWriteKey: string): boolean {
    return this.sources.has(sourceWriteKey);
  }

  results(sourceWriteKey: string): readonly MessageResult[] | undefined {
    return this.sources.get(sourceWriteKey)?.results;
  }

  /** Runs `task` after the source's earlier tasks have finished and records the results it returns. */
  async run(
    sourceWriteKey: string,
    task: (config: SourceConfig) => Promise<MessageResult[]>,
  ): Promise<void> {
    const source = this.sources.get(sourceWriteKey);
    if (!source) throw new RequestError(401, 'unknown source write key');

    const done = source.tail.then(async () => {
      const results = await task(source.config);
      source.results.push(...results);
    });
    source.tail = done.catch(() => undefined);
    await done;
  }
}

/**
 * Reads the body of the configuration hook: `{"settings": {…}, "keenBaseUrl": "http://…"}`.
 * Settings are stored as given, so a missing `projectId` still configures the source and its
 * messages are then refused as INVALID_SETTINGS.
 */
export function readSourceConfig(body: unknown): SourceConfig {
  if (!isJsonObject(body)) throw new RequestError(400, 'configuration must be a JSON object');

  const { settings, keenBaseUrl } = body;
  if (!isJsonObject(settings))
    throw new RequestError(400, '"settings" must be a JSON object of Keen destination settings');
  if (
    typeof keenBaseUrl !== 'string' ||
    !/^https?:\/\//.test(keenBaseUrl) ||
    !URL.canParse(keenBaseUrl)
  ) {
    throw new RequestError(
      400,
      `"keenBaseUrl" must be an http(s) URL such as http://127.0.0.1:PORT/3.0 (got ${JSON.stringify(keenBaseUrl)})`,
    );
  }

  return { settings, keenBaseUrl };
}

/** Names a source in logs by the first 8 hex digits of its key's SHA-256, never by the key. */
export function fingerprint(sourceWriteKey: string): string {
  return createHash('sha256').update(sourceWriteKey).digest('hex').slice(0, 8);
}
