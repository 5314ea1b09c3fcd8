// Gates the independent implementations in this folder. Run it with
// `npx keen-harness run --config examples/keen-harness.config.js`.
import { startExampleDestination } from './cloud-destination/server.js';

/** @type {import('../harness/targets/config.js').HarnessConfig} */
export default {
  targets: [
    {
      name: 'example',
      description: 'independent device integration and node:http cloud destination',
      device: { integration: './device-integration/keen-io.dynamic.js' },
      cloud: {
        start: async () => {
          const destination = await startExampleDestination();
          return { baseUrl: destination.url, close: destination.close };
        },
        settings: '/sources/{sourceWriteKey}/settings',
        results: '/sources/{sourceWriteKey}/results',
      },
      // Simplifications of the example's cloud mapping that the catalogue catches.
      expectedFailures: [
        {
          scenario: 'cloud-mapping/iso-dates-converted',
          mode: 'cloud',
          reason: 'ISO date strings are sent as given, not in toISOString form',
        },
        {
          scenario: 'cloud-mapping/keen-property-case-blind',
          mode: 'cloud',
          reason: 'only a property named exactly "keen" is read as the Keen namespace',
        },
        {
          scenario: 'cloud-mapping/keen-property-not-object-fails',
          mode: 'cloud',
          reason: 'a "keen" property that is not an object is spread, not rejected',
        },
        {
          scenario: 'cloud-mapping/url-property-case-blind',
          mode: 'cloud',
          reason: 'only a property named exactly "url" feeds page_url',
        },
        {
          scenario: 'cloud-addons/url-addon-needs-page-url',
          mode: 'cloud',
          reason: 'only a property named exactly "url" feeds page_url',
        },
      ],
    },
  ],
};
