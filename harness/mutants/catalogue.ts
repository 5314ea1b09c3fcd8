import type { CloudMutations } from '../../destination/cloud/server.js';
import type { IntegrationPatch } from '../../destination/device/build.js';
import type { KeenWrite } from '../../destination/cloud/mapping.js';
import type { JsonObject, SegmentMessage } from '../../destination/cloud/message.js';
import type { Mode } from '../../schemas/generated/types.js';

/**
 * A deliberately defective variant of the reference destination. The catalogue must fail it in
 * at least one scenario of its area; a mutant that every scenario passes shows a gap.
 */
export interface Mutant {
  /** Short name; the target is called `mutant.{id}`. */
  id: string;
  /** The defect, in the words of the contract. */
  description: string;
  mode: Mode;
  /** Scenario id patterns the mutant runs against, with `*` wildcards: the area of the defect. */
  area: string[];
  cloud?: { mutations?: CloudMutations; maxRetries?: number };
  device?: { integrationPatches: IntegrationPatch[] };
}

function renameCollection(from: string, to: string) {
  return (writes: KeenWrite[]): KeenWrite[] =>
    writes.map((write) => (write.collection === from ? { ...write, collection: to } : write));
}

function dropTimestamp(writes: KeenWrite[]): KeenWrite[] {
  return writes.map((write) => {
    const { timestamp: _timestamp, ...keen } = write.event.keen as JsonObject;
    return { ...write, event: { ...write.event, keen } };
  });
}

/** Swaps the last two writes of a page or screen call, so named and categorised views trade places. */
function swapPageWrites(writes: KeenWrite[], message: SegmentMessage): KeenWrite[] {
  if (message.type !== 'page' && message.type !== 'screen') return writes;
  if (writes.length < 2) return writes;
  return [...writes.slice(0, -2), writes[writes.length - 1], writes[writes.length - 2]];
}

/** Renames every dot of every top-level key, where Keen's rule renames only the first one. */
function replaceEveryDot(writes: KeenWrite[]): KeenWrite[] {
  return writes.map((write) => {
    const event = Object.fromEntries(
      Object.entries(write.event).map(([key, value]) => [key.replaceAll('.', '_'), value]),
    );
    return { ...write, event };
  });
}

/** Reads every `client` message as a `server` message, as if device mode had not sent it already. */
function treatClientAsServer(message: SegmentMessage): SegmentMessage {
  return message.channel === 'client' ? { ...message, channel: 'server' } : message;
}

/** Drops the catalogue name "Keen" from the integrations object, so only "Keen IO" and All decide. */
function ignoreKeenName(message: SegmentMessage): SegmentMessage {
  const integrations = message.integrations;
  if (typeof integrations !== 'object' || integrations === null || !('Keen' in integrations)) {
    return message;
  }
  const { Keen: _keen, ...rest } = integrations as JsonObject;
  return { ...message, integrations: rest };
}

export const MUTANTS: Mutant[] = [
  {
    id: 'cloud-identify-sends-event',
    description: 'identify sends a Keen event named "Identify"',
    mode: 'cloud',
    area: ['cloud-silence/*'],
    cloud: { mutations: { forwardIdentify: true } },
  },
  {
    id: 'cloud-page-event-name',
    description: 'page sends "Loaded a page" in place of "Loaded a Page"',
    mode: 'cloud',
    area: ['cloud-page/*'],
    cloud: { mutations: { rewriteWrites: renameCollection('Loaded a Page', 'Loaded a page') } },
  },
  {
    id: 'cloud-page-order-swapped',
    description: 'page sends its named and categorised views in the wrong order',
    mode: 'cloud',
    area: ['cloud-page/*'],
    cloud: { mutations: { rewriteWrites: swapPageWrites } },
  },
  {
    id: 'cloud-timestamp-dropped',
    description: 'track sends no keen.timestamp',
    mode: 'cloud',
    area: ['cloud-track/*'],
    cloud: { mutations: { rewriteWrites: dropTimestamp } },
  },
  {
    id: 'cloud-key-normalisation',
    description: 'every dot of a property key becomes "_", not only the first',
    mode: 'cloud',
    area: ['cloud-track/*'],
    cloud: { mutations: { rewriteWrites: replaceEveryDot } },
  },
  {
    id: 'cloud-retries-missing',
    description: 'a write that Keen rejects with a 5xx status is not retried',
    mode: 'cloud',
    area: ['cloud-retries/*'],
    cloud: { maxRetries: 0 },
  },
  {
    id: 'cloud-client-channel-accepted',
    description: 'a client message bundled in the browser is sent to Keen a second time',
    mode: 'cloud',
    area: ['cloud-acceptance/*'],
    cloud: { mutations: { rewriteMessage: treatClientAsServer } },
  },
  {
    id: 'cloud-keen-name-ignored',
    description: 'the integrations object entry "Keen" is ignored in cloud mode',
    mode: 'cloud',
    area: ['cloud-integrations/*'],
    cloud: { mutations: { rewriteMessage: ignoreKeenName } },
  },
  {
    id: 'device-identify-sends-event',
    description: 'identify sends a Keen event named "Identify"',
    mode: 'device',
    area: ['device-identify/*'],
    device: {
      integrationPatches: [
        {
          find: '  var globals = this.addAddons({ user: user }, identify.timestamp());',
          replace:
            "  this.client.addEvent('Identify', clone(traits));\n" +
            '  var globals = this.addAddons({ user: user }, identify.timestamp());',
        },
      ],
    },
  },
  {
    id: 'device-user-missing',
    description: 'identify leaves the traits out of the global properties',
    mode: 'device',
    area: ['device-identify/*'],
    device: { integrationPatches: [{ find: '  user.traits = traits;', replace: '' }] },
  },
  {
    id: 'device-page-event-name',
    description: 'page sends "Loaded a page" in place of "Loaded a Page"',
    mode: 'device',
    area: ['device-page/*'],
    device: { integrationPatches: [{ find: "'Loaded a Page'", replace: "'Loaded a page'" }] },
  },
  {
    id: 'device-page-order-swapped',
    description: 'page sends the categorised view before the named view',
    mode: 'device',
    area: ['device-page/*'],
    device: {
      integrationPatches: [
        {
          find:
            "  if (fullName && options.trackNamedPages)\n    this.sendEvent('Viewed ' + fullName + ' Page', properties, timestamp);\n" +
            "  if (category && options.trackCategorizedPages)\n    this.sendEvent('Viewed ' + category + ' Page', properties, timestamp);\n",
          replace:
            "  if (category && options.trackCategorizedPages)\n    this.sendEvent('Viewed ' + category + ' Page', properties, timestamp);\n" +
            "  if (fullName && options.trackNamedPages)\n    this.sendEvent('Viewed ' + fullName + ' Page', properties, timestamp);\n",
        },
      ],
    },
  },
  {
    id: 'device-ua-addon-missing',
    description: 'uaAddon does not request the keen:ua_parser add-on',
    mode: 'device',
    area: ['device-track/*'],
    device: {
      integrationPatches: [{ find: '  if (options.uaAddon) {', replace: '  if (false) {' }],
    },
  },
  {
    id: 'device-timestamp-dropped',
    description: 'events carry no keen.timestamp',
    mode: 'device',
    area: ['device-track/*'],
    device: {
      integrationPatches: [
        {
          find: '  target.keen = { timestamp: timestamp, addons: addons };',
          replace: '  target.keen = { addons: addons };',
        },
      ],
    },
  },
];

/** Finds a mutant by id. */
export function findMutant(id: string): Mutant | undefined {
  return MUTANTS.find((mutant) => mutant.id === id);
}
