import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../schemas/generated/types.js';
import type { Finding } from './finding.js';
import { checkScenario } from './validate-scenarios.js';

/** A valid scenario in both modes; each case edits a copy. */
function baseScenario(): Scenario {
  return {
    version: '1.0',
    id: 'checks/base',
    title: 'A track reaches Keen',
    rule: '3.4',
    source: 'segmentio/analytics.js-integrations integrations/keen-io/lib/index.js',
    modes: ['device', 'cloud'],
    settings: {
      projectId: '9181bcd23843312d87000000',
      writeKey: '4f5ad0a3c2e54e1b9a7d6c3b2a1f0e9d8c7b6a5f',
    },
    calls: [{ type: 'track', event: 'Purchased', properties: { item: 'T-Shirt' } }],
    expect: {
      shared: {
        writes: [
          { collection: 'Purchased', body: { $match: 'subset', value: { item: 'T-Shirt' } } },
        ],
      },
    },
  };
}

function findingsOf(edit: (scenario: Scenario) => void): Finding[] {
  const scenario = baseScenario();
  edit(scenario);
  return checkScenario(scenario);
}

function only(findings: Finding[]): Finding {
  expect(findings.map((finding) => `${finding.pointer} ${finding.message}`)).toHaveLength(1);
  return findings[0];
}

describe('checkScenario', () => {
  it('accepts the base scenario', () => {
    expect(checkScenario(baseScenario())).toEqual([]);
  });

  it('names an unknown setting and the closest one', () => {
    const finding = only(findingsOf((s) => Object.assign(s.settings!, { trackAllPage: false })));
    expect(finding.pointer).toBe('/settings/trackAllPage');
    expect(finding.message).toBe('unknown setting "trackAllPage": destinations ignore it');
    expect(finding.hint).toBe('did you mean "trackAllPages"?');
  });

  it('lists the settings when none is close', () => {
    const finding = only(findingsOf((s) => Object.assign(s.settings!, { colour: 'red' })));
    expect(finding.hint).toContain('projectId, writeKey, readKey');
  });

  it('allows legacy setting names', () => {
    expect(findingsOf((s) => Object.assign(s.settings!, { sendPage: true }))).toEqual([]);
  });

  it('rejects absent inside an array', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect.shared!.writes![0].body = { tags: ['a', { $match: 'absent' }] };
      }),
    );
    expect(finding.pointer).toBe('/expect/shared/writes/0/body/tags/1');
    expect(finding.message).toContain('"absent" as an array item');
  });

  it('rejects absent inside unordered items', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect.shared!.writes![0].body = {
          tags: { $match: 'unordered', items: [{ $match: 'absent' }] },
        };
      }),
    );
    expect(finding.pointer).toBe('/expect/shared/writes/0/body/tags/items/0');
  });

  it('rejects absent as a whole body', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect.shared!.writes![0].body = { $match: 'absent' };
      }),
    );
    expect(finding.message).toBe('can never match: every recorded write has a body');
  });

  it('rejects a pattern the u flag refuses', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect.shared!.writes![0].body = { id: { $match: 'regex', pattern: '^\\-a$' } };
      }),
    );
    expect(finding.pointer).toBe('/expect/shared/writes/0/body/id/pattern');
    expect(finding.message).toMatch(/^is not a valid regular expression: /);
  });

  it('rejects a range with min above max', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect.shared!.writes![0].body = { n: { $match: 'range', min: 5, max: 1 } };
      }),
    );
    expect(finding.message).toBe('has min 5 greater than max 1, so no number matches');
    expect(finding.hint).toBe('swap min and max');
  });

  it('checks matchers nested in subset', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect.shared!.writes![0].body = {
          $match: 'subset',
          value: { n: { $match: 'range', min: 2, max: 1 } },
        };
      }),
    );
    expect(finding.pointer).toBe('/expect/shared/writes/0/body/value/n');
  });

  it('rejects a matcher inside a call', () => {
    const finding = only(
      findingsOf((s) => {
        s.calls[0].properties = { at: { $match: 'iso-date-time' } };
      }),
    );
    expect(finding.pointer).toBe('/calls/0/properties/at');
    expect(finding.message).toContain('sent to the destination as a literal object');
  });

  it('rejects an expectation for a mode not run', () => {
    const finding = only(
      findingsOf((s) => {
        s.modes = ['cloud'];
        s.expect.device = { writes: [] };
      }),
    );
    expect(finding.pointer).toBe('/expect/device');
    expect(finding.message).toBe('is never used: the scenario does not run in device mode');
  });

  it('rejects a mode without expectation', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect = { cloud: { writes: [] } };
      }),
    );
    expect(finding.pointer).toBe('/expect');
    expect(finding.message).toBe('has no expectation for device mode');
  });

  it('rejects a shared expectation no mode uses', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect.device = { writes: [] };
        s.expect.cloud = { writes: [] };
      }),
    );
    expect(finding.pointer).toBe('/expect/shared');
  });

  it('rejects writes in a mode without calls', () => {
    const findings = findingsOf((s) => {
      s.calls[0].modes = ['cloud'];
    });
    const finding = only(findings);
    expect(finding.pointer).toBe('/expect/shared/writes');
    expect(finding.message).toBe(
      'expects 1 write(s) in device mode, but no call is made in device mode',
    );
  });

  it('allows device writes from the initial pageview', () => {
    const findings = findingsOf((s) => {
      s.calls[0].modes = ['cloud'];
      s.device = { initialPageview: true };
    });
    expect(findings).toEqual([]);
  });

  it('rejects a call mode the scenario does not run', () => {
    const finding = only(
      findingsOf((s) => {
        s.modes = ['cloud'];
        s.calls.push({ type: 'track', event: 'x', modes: ['device'] });
      }),
    );
    expect(finding.pointer).toBe('/calls/1/modes/0');
  });

  it('rejects a screen call in device mode', () => {
    const finding = only(
      findingsOf((s) => {
        s.calls.push({ type: 'screen', name: 'Cart' });
      }),
    );
    expect(finding.pointer).toBe('/calls/1/type');
    expect(finding.hint).toContain('"modes": ["cloud"]');
  });

  it('rejects channel with the analytics-node client', () => {
    const findings = findingsOf((s) => {
      s.calls[0].channel = 'server';
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      'is never sent in device mode: analytics.js does not send it as written',
      'is never sent in cloud mode: the analytics-node client does not send it as written',
    ]);
  });

  it('rejects a screen call with analytics-next', () => {
    const finding = only(
      findingsOf((s) => {
        s.modes = ['cloud'];
        s.cloud = { client: 'analytics-next' } as Scenario['cloud'];
        s.calls[0] = { type: 'screen', name: 'Cart' };
        s.expect.shared!.writes = [];
      }),
    );
    expect(finding.pointer).toBe('/calls/0/type');
    expect(finding.hint).toBe('use the analytics-node or http client for screen calls');
  });

  it('allows _metadata with the http client', () => {
    const findings = findingsOf((s) => {
      s.modes = ['cloud'];
      s.cloud = { client: 'http' };
      s.calls[0]._metadata = { unbundled: ['Keen IO'] };
    });
    expect(findings).toEqual([]);
  });

  it('rejects writes together with settingsError', () => {
    const finding = only(
      findingsOf((s) => {
        s.settings!.projectId = 'short';
        s.expect.shared!.settingsError = ['projectId'];
      }),
    );
    expect(finding.pointer).toBe('/expect/shared/writes');
    expect(finding.message).toContain('with settingsError no destination starts');
  });

  it('rejects settingsError for valid settings', () => {
    const finding = only(
      findingsOf((s) => {
        s.expect = { shared: { settingsError: ['projectId'] } };
      }),
    );
    expect(finding.message).toContain('the filled settings pass the catalogue checks');
  });

  it('rejects invalid settings without settingsError', () => {
    const finding = only(
      findingsOf((s) => {
        s.settings!.writeKey = 'short';
      }),
    );
    expect(finding.pointer).toBe('/settings');
    expect(finding.hint).toContain('settingsError: ["writeKey"]');
  });

  it('rejects settingsError naming a valid setting', () => {
    const finding = only(
      findingsOf((s) => {
        s.settings!.writeKey = 'short';
        s.expect = { shared: { settingsError: ['projectId'] } };
      }),
    );
    expect(finding.pointer).toBe('/expect/shared/settingsError/0');
  });

  it('rejects results in device mode', () => {
    const finding = only(
      findingsOf((s) => {
        s.modes = ['device'];
        s.expect = { device: { writes: [], results: [{ outcome: 'delivered' }] } };
      }),
    );
    expect(finding.pointer).toBe('/expect/device/results');
  });

  it('rejects results that miscount the calls', () => {
    const finding = only(
      findingsOf((s) => {
        s.modes = ['cloud'];
        s.expect = { cloud: { results: [{ outcome: 'delivered' }, { outcome: 'delivered' }] } };
      }),
    );
    expect(finding.message).toContain('lists 2 result(s), but cloud mode makes 1 call(s)');
  });

  it('warns about template placeholders', () => {
    const findings = findingsOf((s) => {
      s.title = 'TODO: one sentence';
    });
    expect(only(findings).severity).toBe('warning');
  });
});
