import express, { type Request, type Response, type Router } from 'express';

import type { MockCore } from '../core/core.js';
import { RUN_ID_PATTERN } from '../core/route.js';
import { exportHar, readHarRequests } from './har.js';
import { ImportError, exportNdjson, importNdjson, parseNdjson } from './ndjson.js';

/** Largest import body; a run's journal is far smaller than one Keen batch of 10,000,000 bytes times a few. */
const MAX_IMPORT_BODY = '64mb';

type Format = 'ndjson' | 'har';

function readFormat(req: Request, fallback: Format): Format {
  const format = req.query.format;
  if (format === undefined) {
    return req.is('application/x-ndjson')
      ? 'ndjson'
      : req.is('application/json')
        ? 'har'
        : fallback;
  }
  if (format !== 'ndjson' && format !== 'har') {
    throw new ImportError(
      `Query parameter format must be ndjson or har (got ${JSON.stringify(format)}).`,
    );
  }
  return format;
}

function readRunId(req: Request): string {
  const runId = String(req.params.runId);
  if (!RUN_ID_PATTERN.test(runId)) {
    throw new ImportError(
      `Run id ${JSON.stringify(runId)} is invalid: run ids match ${RUN_ID_PATTERN.source}.`,
    );
  }
  return runId;
}

function sendImportError(res: Response, error: unknown): void {
  if (!(error instanceof ImportError)) throw error;
  res.status(400).json({ message: error.message, error_code: 'InvalidRequestError' });
}

/** Build the export and import routes of a run, mounted under `/mock`. */
export function exportRouter(core: MockCore): Router {
  const router = express.Router();

  router.get('/runs/:runId/export', (req, res) => {
    try {
      const runId = readRunId(req);
      const format = readFormat(req, 'ndjson');
      const records = core.journal.list(runId);
      const requests = core.journal.requests(runId);
      res.set(
        'Content-Disposition',
        `attachment; filename="${runId}.${format === 'har' ? 'har' : 'ndjson'}"`,
      );
      if (format === 'ndjson') {
        res.type('application/x-ndjson').send(exportNdjson(records, requests));
      } else {
        res.json(
          exportHar(records, requests, `${req.protocol}://${req.get('host')}/runs/${runId}`),
        );
      }
    } catch (error) {
      sendImportError(res, error);
    }
  });

  router.post(
    '/runs/:runId/import',
    express.text({ type: () => true, limit: MAX_IMPORT_BODY }),
    (req, res) => {
      try {
        const runId = readRunId(req);
        const text = typeof req.body === 'string' ? req.body : '';
        if (readFormat(req, 'ndjson') === 'ndjson') {
          res.json({ runId, ...importNdjson(core.journal, runId, parseNdjson(text)) });
          return;
        }
        res.json({ runId, ...replayHar(core, runId, text) });
      } catch (error) {
        sendImportError(res, error);
      }
    },
  );

  return router;
}

/** Send the Keen requests of a HAR file through the core into `runId`, as if they had just arrived. */
function replayHar(
  core: MockCore,
  runId: string,
  text: string,
): { requests: number; records: number; skipped: number } {
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`The HAR file is not JSON: ${(error as Error).message}.`);
  }
  const { requests, skipped } = readHarRequests(har, runId);
  const before = core.journal.list(runId).length;
  for (const request of requests) core.journal.captureRequest(request, () => core.handle(request));
  return { requests: requests.length, records: core.journal.list(runId).length - before, skipped };
}
