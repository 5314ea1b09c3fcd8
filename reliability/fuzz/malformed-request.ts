/** One generated request that the mock must reject with a Keen-shaped 4xx reply. */
export interface MalformedRequest {
  /** What is wrong with the request, named in failure reports. */
  defect: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query string. */
  path: string;
  /** Header names and values in turn; a name may repeat. */
  headers: string[];
  body?: Buffer;
  /** Keen's API replies with exactly `{message, error_code}`; the inspection API may add `supported`. */
  api: 'keen' | 'inspection';
}

/** The project, keys and runs the generated requests aim at; the caller registers them. */
export interface FuzzTarget {
  projectId: string;
  writeKey: string;
  readKey: string;
  /** Registered runs whose records must not change. */
  runIds: string[];
}

/** Describe a request in one line for a failure report: method, path and defect, body cut short. */
export function describeRequest(request: MalformedRequest): string {
  const path = request.path.length > 200 ? `${request.path.slice(0, 200)}…` : request.path;
  const size = request.body === undefined ? 'no body' : `${request.body.length}-byte body`;
  return `${request.defect}: ${request.method} ${path} (${size})`;
}
