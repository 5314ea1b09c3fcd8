import { describe, expect, it } from 'vitest';

import { checkAcceptance, isChannelAccepted, isEnabled } from './acceptance.js';
import type { CloudSettings, SegmentMessage } from './message.js';

const SETTINGS: CloudSettings = { projectId: '9181bcd23843312d87000000', writeKey: 'a'.repeat(32) };

function message(fields: Partial<SegmentMessage> = {}): SegmentMessage {
  return { type: 'track', event: 'Purchased', userId: 'u1', ...fields };
}

describe('checkAcceptance settings', () => {
  it('accepts a track with both keys', () => {
    expect(checkAcceptance(message(), SETTINGS)).toBeNull();
  });

  it.each([
    ['projectId missing', { writeKey: SETTINGS.writeKey }],
    ['projectId empty', { ...SETTINGS, projectId: '' }],
    ['writeKey missing', { projectId: SETTINGS.projectId }],
    ['writeKey empty', { ...SETTINGS, writeKey: '' }],
  ])('refuses %s', (_case, settings) => {
    expect(checkAcceptance(message(), settings as CloudSettings)).toBe('INVALID_SETTINGS');
  });
});

describe('checkAcceptance types', () => {
  it.each(['track', 'page', 'screen'] as const)('handles %s', (type) => {
    expect(checkAcceptance(message({ type }), SETTINGS)).toBeNull();
  });

  it.each(['identify', 'group', 'alias'] as const)('sends nothing for %s', (type) => {
    expect(checkAcceptance(message({ type }), SETTINGS)).toBe('UNSUPPORTED');
  });

  it('handles types passed in', () => {
    expect(
      checkAcceptance(message({ type: 'identify' }), SETTINGS, ['track', 'identify']),
    ).toBeNull();
  });

  it('checks channel before integrations', () => {
    expect(
      checkAcceptance(message({ channel: 'client', integrations: { All: false } }), SETTINGS),
    ).toBe('CHANNEL');
  });

  it('checks integrations before settings', () => {
    expect(checkAcceptance(message({ integrations: { 'Keen IO': false } }), {})).toBe('DISABLED');
  });
});

describe('isChannelAccepted', () => {
  it.each([
    ['server', 'server'],
    ['mobile', 'mobile'],
    ['missing', undefined],
    ['null', null],
  ])('accepts %s', (_case, channel) => {
    expect(isChannelAccepted(message({ channel }))).toBe(true);
  });

  it('accepts unbundled client', () => {
    expect(
      isChannelAccepted(
        message({ channel: 'client', _metadata: { unbundled: ['Mixpanel', 'Keen IO'] } }),
      ),
    ).toBe(true);
  });

  it.each([
    ['without metadata', {}],
    ['bundled', { _metadata: { bundled: ['Keen IO'], unbundled: [] } }],
    ['unbundled as Keen', { _metadata: { unbundled: ['Keen'] } }],
  ])('refuses client %s', (_case, fields) => {
    expect(isChannelAccepted(message({ channel: 'client', ...fields }))).toBe(false);
  });

  it('refuses unknown channels', () => {
    expect(isChannelAccepted(message({ channel: 'browser' }))).toBe(false);
  });
});

describe('isEnabled', () => {
  it.each([
    ['no integrations object', undefined, true],
    ['empty object', {}, true],
    ['All false', { All: false }, false],
    ['All true', { All: true }, true],
    ['all false, any case', { all: false }, false],
    ['Keen IO false', { 'Keen IO': false }, false],
    ['Keen IO true over All false', { All: false, 'Keen IO': true }, true],
    ['Keen IO object over All false', { All: false, 'Keen IO': { traits: {} } }, true],
    ['Keen false', { Keen: false }, false],
    ['Keen true over All false', { All: false, Keen: true }, true],
    ['Keen object over All false', { All: false, Keen: {} }, true],
    ['Keen IO true over Keen false', { Keen: false, 'Keen IO': true }, true],
    ['Keen IO false over Keen true', { Keen: true, 'Keen IO': false }, false],
    ['other destination false', { Mixpanel: false }, true],
    ['other destination true with All false', { All: false, Mixpanel: true }, false],
  ])('%s', (_case, integrations, expected) => {
    expect(isEnabled(integrations)).toBe(expected);
  });
});
