import { describe, expect, it } from 'vitest';
import { resolvePageArguments, resolveUserArguments } from '@segment/analytics-next';
import { toAnalyticsInvocation } from './calls.js';

/** Category and name as analytics.js resolves the `page` arguments the runner passes. */
function resolvedPage(call: { category?: string; name?: string }): [unknown, unknown] {
  const { args } = toAnalyticsInvocation({ type: 'page', ...call });
  const [category, name] = resolvePageArguments(
    ...(args as Parameters<typeof resolvePageArguments>),
  );
  return [category, name];
}

describe('toAnalyticsInvocation', () => {
  it('keeps category and name of a page', () => {
    expect(resolvedPage({ category: 'Docs', name: 'Index' })).toEqual(['Docs', 'Index']);
  });

  it('keeps a page name without category', () => {
    expect(resolvedPage({ name: 'Index' })).toEqual([null, 'Index']);
  });

  it('keeps a page category without name', () => {
    expect(resolvedPage({ category: 'Docs' })).toEqual(['Docs', '']);
  });

  it('passes neither for a bare page', () => {
    expect(resolvedPage({})).toEqual([null, null]);
  });

  it('passes page properties and options', () => {
    const { args } = toAnalyticsInvocation({
      type: 'page',
      name: 'Index',
      properties: { path: '/docs' },
      timestamp: '2024-05-01T12:00:00.000Z',
    });
    const resolved = resolvePageArguments(...(args as Parameters<typeof resolvePageArguments>));

    expect(resolved[2]).toEqual({ path: '/docs' });
    expect(resolved[3]).toEqual({ timestamp: '2024-05-01T12:00:00.000Z' });
  });

  it('passes identify without user id', () => {
    const { method, args } = toAnalyticsInvocation({ type: 'identify', traits: { plan: 'pro' } });
    const anonymousUser = { id: () => null } as unknown as Parameters<
      typeof resolveUserArguments
    >[0];
    const [id, traits] = resolveUserArguments(anonymousUser)(...(args as [string]));

    expect(method).toBe('identify');
    expect(id).toBeNull();
    expect(traits).toEqual({ plan: 'pro' });
  });

  it('moves message fields into options', () => {
    const { args } = toAnalyticsInvocation({
      type: 'track',
      event: 'Purchased',
      anonymousId: 'anon-1',
      integrations: { 'Keen IO': false },
      context: { ip: '203.0.113.9' },
    });

    expect(args).toEqual([
      'Purchased',
      {},
      { context: { ip: '203.0.113.9' }, integrations: { 'Keen IO': false }, anonymousId: 'anon-1' },
    ]);
  });

  it('rejects a screen call', () => {
    expect(() => toAnalyticsInvocation({ type: 'screen', name: 'Home' })).toThrow(/screen call/);
  });
});
