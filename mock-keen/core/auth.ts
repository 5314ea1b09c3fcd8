import { KeenError } from './errors.js';
import type { Project } from './registry.js';
import type { HeaderValue, KeyKind, KeyLocation } from './types.js';

/** Access level an endpoint requires of a key. */
export type Access = 'write' | 'read' | 'admin';

const ALLOWED_KINDS: Record<Access, readonly KeyKind[]> = {
  write: ['write', 'master'],
  read: ['read', 'master'],
  admin: ['master'],
};

export interface PresentedKey {
  key: string;
  location: KeyLocation;
}

/**
 * Find the key of a request: the raw `Authorization` header (no scheme word) or the `api_key`
 * query parameter. When both are present the header wins. Surrounding whitespace is trimmed.
 */
export function findPresentedKey(
  headers: Record<string, HeaderValue>,
  query: URLSearchParams,
): PresentedKey | null {
  const header = headers.authorization;
  const headerKey = (Array.isArray(header) ? header[0] : header)?.trim();
  if (headerKey) return { key: headerKey, location: 'header' };

  const queryKey = query.get('api_key')?.trim();
  if (queryKey) return { key: queryKey, location: 'query' };
  return null;
}

/** Find the kind of `presented` among the keys of `project`; throw InvalidApiKeyError when it is not one. */
export function identifyKey(project: Project, presented: PresentedKey | null): KeyKind {
  if (presented === null) {
    throw new KeenError(
      'InvalidApiKeyError',
      'The request has no API key: send it in the Authorization header or the api_key query parameter.',
    );
  }
  const kind = project.keys.get(presented.key);
  if (kind === undefined) {
    throw new KeenError(
      'InvalidApiKeyError',
      `The API key is not a key of project ${project.projectId}.`,
    );
  }
  return kind;
}

/** Throw RequestForbiddenError unless a key of `kind` grants `access`. */
export function checkAccess(kind: KeyKind, access: Access): void {
  if (!ALLOWED_KINDS[access].includes(kind)) {
    throw new KeenError(
      'RequestForbiddenError',
      `The request is not allowed with a ${kind} key: check the API key (this endpoint takes ${ALLOWED_KINDS[access].join(' or ')} keys).`,
    );
  }
}
