import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { KeenSettings } from '../../schemas/generated/types.js';
import { startCloudDestination } from '../../destination/cloud/server.js';
import { buildDeviceAssets } from '../../destination/device/build.js';
import type { MessageResult } from '../cloud/run.js';
import type { CloudTargetConfig, StartedCloudTarget } from './config.js';
import type { TargetDefinition } from './definitions.js';

/** The endpoints of a cloud target: its collection API and its per-run hooks. */
export interface CloudTargetHooks {
  baseUrl: string;
  /** Configures one source; absent for the reference destination, whose hook is the default. */
  configureSource?: (
    sourceWriteKey: string,
    settings: KeenSettings,
    keenBaseUrl: string,
  ) => Promise<void>;
  /** Reads one source's message results; absent for the reference destination. */
  readResults?: (sourceWriteKey: string) => Promise<MessageResult[]>;
}

/** A target ready for runs in one Playwright worker. */
export interface RunnableTarget {
  name: string;
  /** The integration bundle for device mode; absent means the reference bundle. */
  integration?: string;
  cloud?: CloudTargetHooks;
}

/** Raised when a target cannot be prepared: its bundle is unreadable or its server does not start. */
export class TargetSetupError extends Error {
  override name = 'TargetSetupError';
}

/**
 * The targets of one Playwright worker, each prepared on first use and shared by the worker's
 * tests. `close` stops the servers the pool started.
 */
export class TargetPool {
  private readonly prepared = new Map<string, Promise<RunnableTarget>>();
  private readonly closers: (() => Promise<void>)[] = [];

  get(target: TargetDefinition): Promise<RunnableTarget> {
    let runnable = this.prepared.get(target.name);
    if (!runnable) {
      runnable = this.prepare(target).catch((error: unknown) => {
        throw new TargetSetupError(`target ${target.name}: ${(error as Error).message}`, {
          cause: error,
        });
      });
      this.prepared.set(target.name, runnable);
    }
    return runnable;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.closers.map((close) => close()));
  }

  private async prepare(target: TargetDefinition): Promise<RunnableTarget> {
    if (target.config) return this.prepareConfigTarget(target);

    const runnable: RunnableTarget = { name: target.name };
    const mutant = target.mutant;
    if (mutant?.device) {
      const assets = await buildDeviceAssets({
        integrationPatches: mutant.device.integrationPatches,
      });
      runnable.integration = assets.integration;
    }
    if (target.modes.includes('cloud')) {
      const destination = await startCloudDestination({
        mutations: mutant?.cloud?.mutations,
        retry: { baseDelayMs: 0, maxRetries: mutant?.cloud?.maxRetries },
        log: () => {},
      });
      this.closers.push(() => destination.close());
      runnable.cloud = { baseUrl: destination.url };
    }
    return runnable;
  }

  private async prepareConfigTarget(target: TargetDefinition): Promise<RunnableTarget> {
    const config = target.config!;
    const base = target.configFile ? dirname(target.configFile) : process.cwd();
    const runnable: RunnableTarget = { name: target.name };
    if (config.device)
      runnable.integration = await readIntegration(config.device.integration, base);
    if (config.cloud) runnable.cloud = await this.startCloud(config.cloud);
    return runnable;
  }

  private async startCloud(cloud: CloudTargetConfig): Promise<CloudTargetHooks> {
    let started: StartedCloudTarget;
    if (cloud.start) {
      started = await cloud.start();
      if (started.close) this.closers.push(started.close);
    } else {
      started = { baseUrl: cloud.baseUrl! };
    }
    const baseUrl = started.baseUrl.replace(/\/+$/, '');
    const absolute = <T>(hook: string | T) =>
      typeof hook === 'string' && hook.startsWith('/') ? `${baseUrl}${hook}` : hook;
    return {
      baseUrl,
      configureSource: settingsHook(absolute(cloud.settings)),
      readResults: cloud.results ? resultsHook(absolute(cloud.results)) : async () => [],
    };
  }
}

/** Reads an integration bundle from an http(s) URL or from a file relative to `base`. */
async function readIntegration(location: string, base: string): Promise<string> {
  if (/^https?:\/\//.test(location)) {
    const response = await fetch(location);
    if (!response.ok) throw new Error(`GET ${location} responded with ${response.status}`);
    return response.text();
  }
  return readFile(resolve(base, location), 'utf8');
}

function hookUrl(template: string, sourceWriteKey: string): string {
  return template.replaceAll('{sourceWriteKey}', encodeURIComponent(sourceWriteKey));
}

function settingsHook(hook: CloudTargetConfig['settings']): CloudTargetHooks['configureSource'] {
  if (typeof hook === 'function') {
    return (sourceWriteKey, settings, keenBaseUrl) =>
      hook({ sourceWriteKey, settings, keenBaseUrl });
  }
  return async (sourceWriteKey, settings, keenBaseUrl) => {
    const url = hookUrl(hook, sourceWriteKey);
    const response = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings, keenBaseUrl }),
    });
    // The URL contains the source write key, so the message names the template instead.
    if (!response.ok)
      throw new Error(`settings hook PUT ${hook} responded with ${response.status}`);
  };
}

function resultsHook(
  hook: NonNullable<CloudTargetConfig['results']>,
): CloudTargetHooks['readResults'] {
  if (typeof hook === 'function') return hook;
  return async (sourceWriteKey) => {
    const response = await fetch(hookUrl(hook, sourceWriteKey));
    if (!response.ok) throw new Error(`results hook GET ${hook} responded with ${response.status}`);
    const body = (await response.json()) as { results?: unknown };
    if (!Array.isArray(body.results)) {
      throw new Error(`results hook GET ${hook} responded without a "results" list`);
    }
    return body.results as MessageResult[];
  };
}
