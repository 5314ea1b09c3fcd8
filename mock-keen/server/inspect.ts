import { Ajv } from 'ajv';
import express, { type Request, type Response, type Router } from 'express';

import type { MockCore } from '../core/core.js';
import { checkFaultRules, FaultRuleError } from '../core/faults.js';
import type { RecordFilter } from '../core/journal.js';
import { RUN_ID_PATTERN } from '../core/route.js';
import type { Outcome, ProjectConfig } from '../core/types.js';
import { exportRouter } from '../export/routes.js';
import { streamJournal } from '../web/events.js';

const DEFAULT_WAIT_MS = 5_000;
const MAX_WAIT_MS = 60_000;

/** The inspection routes, listed in the reply to an unknown `/mock` path. */
export const SUPPORTED_PATHS = [
  'PUT /mock/runs/{runId}',
  'GET /mock/runs/{runId}/projects',
  'GET /mock/runs/{runId}/records?collection=&outcome=&since=',
  'GET /mock/runs/{runId}/wait?count=&collection=&outcome=&timeout=',
  'DELETE /mock/runs/{runId}',
  'PUT /mock/runs/{runId}/faults',
  'GET /mock/runs/{runId}/faults',
  'DELETE /mock/runs/{runId}/faults',
  'GET /mock/health',
  'GET /mock/runs',
  'GET /mock/records?run=&limit=',
  'GET /mock/runs/{runId}/requests',
  'GET /mock/runs/{runId}/export?format=ndjson|har',
  'POST /mock/runs/{runId}/import?format=ndjson|har',
  'GET /mock/journal',
  'GET /mock/events',
  'GET /mock/ui',
];

/** Default and maximum number of records `GET /mock/records` returns. */
const DEFAULT_RECENT_RECORDS = 1_000;
const MAX_RECENT_RECORDS = 100_000;

const runSchema = {
  type: 'object',
  required: ['projects'],
  additionalProperties: false,
  properties: {
    projects: {
      type: 'array',
      items: {
        type: 'object',
        required: ['projectId', 'keys'],
        additionalProperties: false,
        properties: {
          projectId: { type: 'string', minLength: 1 },
          keys: {
            type: 'array',
            items: {
              type: 'object',
              required: ['key', 'kind'],
              additionalProperties: false,
              properties: {
                key: { type: 'string', minLength: 1 },
                kind: { enum: ['write', 'read', 'master'] },
              },
            },
          },
        },
      },
    },
  },
} as const;

const validateRun = new Ajv({ allErrors: true }).compile<{ projects: ProjectConfig[] }>(runSchema);

/** Error for an inspection request that cannot be served; the reply is 400 with the reason. */
class InspectionError extends Error {}

function sendError(res: Response, status: number, message: string): void {
  const errorCode = status === 404 ? 'ResourceNotFoundError' : 'InvalidRequestError';
  res.status(status).json({ message, error_code: errorCode, supported: SUPPORTED_PATHS });
}

function readRunId(req: Request): string {
  return checkRunId(String(req.params.runId));
}

function checkRunId(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId)) {
    throw new InspectionError(
      `Run id ${JSON.stringify(runId)} is invalid: run ids match ${RUN_ID_PATTERN.source}.`,
    );
  }
  return runId;
}

function readInteger(
  value: unknown,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(number) || number < min || number > max) {
    throw new InspectionError(
      `Query parameter ${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)}).`,
    );
  }
  return number;
}

function readFilter(req: Request): RecordFilter {
  const { collection, outcome, since } = req.query;
  const filter: RecordFilter = {};
  if (typeof collection === 'string') filter.collection = collection;
  if (outcome !== undefined) {
    if (outcome !== 'accepted' && outcome !== 'rejected') {
      throw new InspectionError(
        `Query parameter outcome must be accepted or rejected (got ${JSON.stringify(outcome)}).`,
      );
    }
    filter.outcome = outcome as Outcome;
  }
  if (since !== undefined)
    filter.since = readInteger(since, 'since', 0, 0, Number.MAX_SAFE_INTEGER);
  return filter;
}

/** Wrap a handler so that an InspectionError becomes a 400 reply. */
function handler(serve: (req: Request, res: Response) => void | Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await serve(req, res);
    } catch (error) {
      if (!(error instanceof InspectionError) && !(error instanceof FaultRuleError)) throw error;
      sendError(res, 400, error.message);
    }
  };
}

/** Build the `/mock` router: register, list, wait on and reset runs. */
export function inspectionRouter(core: MockCore): Router {
  const router = express.Router();
  // Import bodies are NDJSON or HAR text, so the export routes come before the JSON parser.
  router.use(exportRouter(core));
  router.use(express.json({ limit: '10mb', type: () => true }));

  router.get('/runs', (_req, res) => {
    res.json({ runs: core.journal.runs() });
  });

  router.get('/journal', (_req, res) => {
    res.json(core.journal.stats());
  });

  router.get('/events', (req, res) => {
    streamJournal(core.journal, req, res);
  });

  router.get(
    '/records',
    handler((req, res) => {
      const limit = readInteger(
        req.query.limit,
        'limit',
        DEFAULT_RECENT_RECORDS,
        1,
        MAX_RECENT_RECORDS,
      );
      const run = req.query.run;
      if (run === undefined || run === '') {
        res.json({ records: core.journal.recent(limit) });
        return;
      }
      res.json({ records: core.journal.list(checkRunId(String(run))).slice(-limit) });
    }),
  );

  router.get(
    '/runs/:runId/requests',
    handler((req, res) => {
      res.json({ requests: core.journal.requests(readRunId(req)) });
    }),
  );

  router.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  router.put(
    '/runs/:runId',
    handler((req, res) => {
      const runId = readRunId(req);
      if (!validateRun(req.body)) {
        const details = validateRun.errors
          ?.map((error) => `${error.instancePath || '/'} ${error.message}`)
          .join('; ');
        throw new InspectionError(
          `The run body is invalid: ${details}. Send {"projects": [{"projectId", "keys": [{"key", "kind"}]}]}.`,
        );
      }
      core.registry.registerRun(runId, req.body.projects);
      res.status(201).json({ runId });
    }),
  );

  router.get(
    '/runs/:runId/projects',
    handler((req, res) => {
      res.json({ projects: core.registry.listProjects(readRunId(req)) });
    }),
  );

  router.get(
    '/runs/:runId/records',
    handler((req, res) => {
      const runId = readRunId(req);
      res.json({ records: core.journal.list(runId, readFilter(req)) });
    }),
  );

  router.get(
    '/runs/:runId/wait',
    handler(async (req, res) => {
      const runId = readRunId(req);
      const filter = readFilter(req);
      const count = readInteger(req.query.count, 'count', 1, 1, Number.MAX_SAFE_INTEGER);
      const timeout = readInteger(req.query.timeout, 'timeout', DEFAULT_WAIT_MS, 0, MAX_WAIT_MS);

      const aborted = new AbortController();
      res.on('close', () => aborted.abort());
      const result = await core.journal.wait(runId, filter, count, timeout, aborted.signal);
      if (!res.writableEnded && !aborted.signal.aborted) res.json(result);
    }),
  );

  router.put(
    '/runs/:runId/faults',
    handler((req, res) => {
      const runId = readRunId(req);
      core.faults.set(runId, checkFaultRules(req.body));
      res.json({ runId, faults: core.faults.list(runId) });
    }),
  );

  router.get(
    '/runs/:runId/faults',
    handler((req, res) => {
      res.json({ faults: core.faults.list(readRunId(req)) });
    }),
  );

  router.delete(
    '/runs/:runId/faults',
    handler((req, res) => {
      core.faults.clear(readRunId(req));
      res.status(204).end();
    }),
  );

  router.delete(
    '/runs/:runId',
    handler((req, res) => {
      core.resetRun(readRunId(req));
      res.status(204).end();
    }),
  );

  router.use((req, res) => {
    sendError(
      res,
      404,
      `No inspection resource for ${req.method} ${req.baseUrl}${req.path}: see supported.`,
    );
  });
  return router;
}
