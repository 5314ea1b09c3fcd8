import { describe, expect, it } from 'vitest';

import type { CloudSettings, SegmentMessage } from './message.js';
import { derivePageTracks, readFullName, readPageProperties } from './page.js';

const DEFAULTS: CloudSettings = {
  projectId: '9181bcd23843312d87000000',
  writeKey: 'a'.repeat(32),
  trackAllPages: true,
  trackNamedPages: true,
  trackCategorizedPages: true,
};

function page(fields: Partial<SegmentMessage> = {}): SegmentMessage {
  return { type: 'page', userId: 'u1', timestamp: '2014-01-01T00:00:00Z', ...fields };
}

function eventNames(message: SegmentMessage, settings: CloudSettings = DEFAULTS): unknown[] {
  return derivePageTracks(message, settings).map((track) => track.event);
}

/** Rows of the settings table: All, Named, Categorized, then the events per page shape. */
const SETTINGS_TABLE: [boolean, boolean, boolean, string, string, string, string][] = [
  [true, true, true, 'A', 'A N', 'A C N', 'A C'],
  [true, true, false, 'A', 'A N', 'A N', 'A'],
  [true, false, true, 'A', 'A', 'A C', 'A C'],
  [true, false, false, 'A', 'A', 'A', 'A'],
  [false, true, true, '', 'N', 'C N', 'C'],
  [false, true, false, '', 'N', 'N', ''],
  [false, false, true, '', '', 'C', 'C'],
  [false, false, false, '', '', '', ''],
];

const SHAPES: { label: string; fields: Partial<SegmentMessage>; named: string }[] = [
  { label: 'no name, no category', fields: {}, named: '' },
  { label: 'name only', fields: { name: 'Index' }, named: 'Viewed Index Page' },
  {
    label: 'name and category',
    fields: { name: 'Index', category: 'Docs' },
    named: 'Viewed Docs Index Page',
  },
  { label: 'category only', fields: { category: 'Docs' }, named: '' },
];

describe('derivePageTracks settings table', () => {
  for (const [all, named, categorized, ...cells] of SETTINGS_TABLE) {
    const settings = {
      ...DEFAULTS,
      trackAllPages: all,
      trackNamedPages: named,
      trackCategorizedPages: categorized,
    };
    SHAPES.forEach((shape, column) => {
      it(`all=${all} named=${named} categorized=${categorized}, ${shape.label}`, () => {
        const letters = cells[column].split(' ').filter(Boolean);
        const expected = letters.map(
          (letter) => ({ A: 'Loaded a Page', C: 'Viewed Docs Page', N: shape.named })[letter],
        );
        expect(eventNames(page(shape.fields), settings)).toEqual(expected);
      });
    });
  }
});

describe('derivePageTracks', () => {
  it('orders all, categorized, named', () => {
    expect(eventNames(page({ category: 'Docs', name: 'Index' }))).toEqual([
      'Loaded a Page',
      'Viewed Docs Page',
      'Viewed Docs Index Page',
    ]);
  });

  it('names screen events', () => {
    expect(eventNames(page({ type: 'screen', category: 'Settings', name: 'Privacy' }))).toEqual([
      'Loaded a Screen',
      'Viewed Settings Screen',
      'Viewed Settings Privacy Screen',
    ]);
  });

  it('ignores names inside properties', () => {
    expect(eventNames(page({ properties: { name: 'Index', category: 'Docs' } }))).toEqual([
      'Loaded a Page',
    ]);
  });

  it('sends nothing with settings missing', () => {
    expect(eventNames(page({ name: 'Index' }), { projectId: 'p', writeKey: 'w' })).toEqual([]);
  });

  it('keeps message fields and timestamp', () => {
    const message = page({ name: 'Index', anonymousId: 'a1', context: { ip: '1.2.3.4' } });
    for (const track of derivePageTracks(message, DEFAULTS)) {
      expect(track).toMatchObject({
        type: 'track',
        userId: 'u1',
        anonymousId: 'a1',
        context: { ip: '1.2.3.4' },
      });
      expect(track.timestamp).toBe('2014-01-01T00:00:00Z');
    }
  });

  it('gives every track the same properties', () => {
    const tracks = derivePageTracks(
      page({ name: 'Index', category: 'Docs', properties: { path: '/docs' } }),
      DEFAULTS,
    );
    expect(tracks.map((track) => track.properties)).toEqual(
      Array(3).fill({ path: '/docs', category: 'Docs', name: 'Index' }),
    );
  });
});

describe('readFullName', () => {
  it.each([
    ['name and category', { name: 'Index', category: 'Docs' }, 'Docs Index'],
    ['name only', { name: 'Index' }, 'Index'],
    ['category only', { category: 'Docs' }, undefined],
    ['empty name', { name: '', category: 'Docs' }, undefined],
    ['empty category', { name: 'Index', category: '' }, 'Index'],
  ])('%s', (_case, fields, expected) => {
    expect(readFullName(page(fields))).toBe(expected);
  });
});

describe('readPageProperties', () => {
  it('overwrites name and category', () => {
    expect(
      readPageProperties(
        page({
          name: 'Top',
          category: 'Cat',
          properties: { name: 'prop', category: 'prop', x: 1 },
        }),
      ),
    ).toEqual({
      name: 'Top',
      category: 'Cat',
      x: 1,
    });
  });

  it('keeps properties without top-level values', () => {
    expect(readPageProperties(page({ name: '', properties: { name: 'prop' } }))).toEqual({
      name: 'prop',
    });
  });

  it('adds no page context', () => {
    expect(
      readPageProperties(
        page({ name: 'Index', context: { page: { path: '/', title: 'T', url: 'u' } } }),
      ),
    ).toEqual({ name: 'Index' });
  });
});
