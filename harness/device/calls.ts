import type { Page } from '@playwright/test';
import type { SegmentCall } from '../../schemas/generated/types.js';

/** One `window.analytics` method call with its arguments, in analytics.js's argument order. */
export interface AnalyticsInvocation {
  method: 'identify' | 'track' | 'page' | 'group' | 'alias';
  args: unknown[];
}

/** Message fields that analytics.js takes from a call's options object. */
const OPTION_FIELDS = ['timestamp', 'context', 'integrations', 'anonymousId', 'messageId'] as const;

/**
 * Converts a scenario call into `window.analytics` arguments that analytics.js resolves back to
 * the same message.
 *
 * analytics.js reads a single string given to `page` as the name, even in the category position,
 * so a page with a category and no name passes an empty name to keep the category. A missing
 * category or name is passed as null.
 */
export function toAnalyticsInvocation(call: SegmentCall): AnalyticsInvocation {
  const options = callOptions(call);

  switch (call.type) {
    case 'identify':
      return { method: 'identify', args: [call.userId ?? null, call.traits ?? {}, options] };
    case 'track':
      return { method: 'track', args: [call.event ?? '', call.properties ?? {}, options] };
    case 'page': {
      const name = call.name ?? (call.category ? '' : null);
      return {
        method: 'page',
        args: [call.category ?? null, name, call.properties ?? {}, options],
      };
    }
    case 'group':
      return { method: 'group', args: [call.groupId ?? null, call.traits ?? {}, options] };
    case 'alias':
      return { method: 'alias', args: [call.userId ?? null, call.previousId ?? null, options] };
    case 'screen':
      throw new Error(
        'a screen call cannot be made in device mode: analytics.js has no screen calls for the web',
      );
  }
}

function callOptions(call: SegmentCall): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const field of OPTION_FIELDS) {
    if (call[field] !== undefined) options[field] = call[field];
  }
  return options;
}

/**
 * Makes one call through `window.analytics` in the page. With `awaitResult` it waits for the
 * call's promise, which analytics.js resolves once the destinations have handled the message.
 * Returns the error message when analytics.js rejected the call, or null.
 */
export async function invokeAnalytics(
  page: Page,
  invocation: AnalyticsInvocation,
  awaitResult: boolean,
): Promise<string | null> {
  return page.evaluate(
    async ({ method, args, awaitResult }) => {
      // The page's analytics.js instance, typed loosely because it is the page's own global.
      const analytics = (
        window as unknown as { analytics: Record<string, (...a: unknown[]) => Promise<unknown>> }
      ).analytics;
      try {
        const result = analytics[method](...args);
        if (awaitResult) await result;
        else result.catch((error: unknown) => console.error(`analytics.${method} failed:`, error));
        return null;
      } catch (error) {
        return `analytics.${method} failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    },
    { ...invocation, awaitResult },
  );
}
