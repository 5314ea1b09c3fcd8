import { describe, expect, it } from 'vitest';
import { buildDeviceAssets } from './build.js';

describe('buildDeviceAssets', () => {
  it('wraps the integration in the dynamic shell', async () => {
    const { integration } = await buildDeviceAssets();

    expect(
      integration.startsWith(
        "window['keen-ioDeps'] = [];\nwindow['keen-ioLoader'] = function () {",
      ),
    ).toBe(true);
    expect(integration).toMatch(/window\["keen-ioIntegration"\] = /);
    expect(integration, 'Node globals must be shimmed for the browser').not.toMatch(
      /\bglobal\.JSON\b/,
    );
  });

  it('stamps keen-js with its version', async () => {
    const { keenTracker, keenFull } = await buildDeviceAssets();

    for (const bundle of [keenTracker, keenFull]) {
      expect(bundle).toContain('"3.4.0"');
      expect(bundle).not.toContain('__VERSION__');
    }
  });

  it('builds the full bundle with queries', async () => {
    const { keenTracker, keenFull } = await buildDeviceAssets();

    expect(keenFull).toContain('savedQueries');
    expect(keenTracker).not.toContain('savedQueries');
  });

  it('returns the same assets when called again', async () => {
    expect(await buildDeviceAssets()).toBe(await buildDeviceAssets());
  });
});
