import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import express, { type Response, type Router } from 'express';

const require = createRequire(import.meta.url);

const PAGE = fileURLToPath(new URL('./page.html', import.meta.url));
const STYLES = fileURLToPath(new URL('./page.css', import.meta.url));
const SCRIPT_ENTRY = fileURLToPath(new URL('./client/app.ts', import.meta.url));
const DIFF_STYLES = require.resolve('jsondiffpatch/formatters/styles/html.css');

/**
 * The page runs only its own script. Inline styles are allowed because jsondiffpatch draws the
 * arrows of moved array items with `style` attributes.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

let script: Promise<string> | null = null;

/** Bundle the page's script and its libraries once per process, with esbuild. */
function bundleScript(): Promise<string> {
  script ??= build({
    entryPoints: [SCRIPT_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text);
  script.catch(() => {
    script = null;
  });
  return script;
}

async function sendFile(
  res: Response,
  file: string | Promise<string>,
  type: string,
): Promise<void> {
  const body = typeof file === 'string' ? await readFile(file, 'utf8') : await file;
  res
    .status(200)
    .type(type)
    .set({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' })
    .send(body);
}

/** Build the routes of the journal's web page under `/mock/ui`. */
export function webRouter(log: (line: string) => void): Router {
  const router = express.Router();
  const serve =
    (file: () => string | Promise<string>, type: string) =>
    async (_req: unknown, res: Response) => {
      try {
        await sendFile(res, file(), type);
      } catch (error) {
        log(`mock-keen: the journal page failed to serve ${type}: ${(error as Error).message}`);
        res.status(500).json({
          message: 'The journal page could not be built; see the mock log.',
          error_code: 'InternalServerError',
        });
      }
    };

  router.get(
    '/ui',
    serve(() => PAGE, 'html'),
  );
  router.get('/ui/app.js', serve(bundleScript, 'text/javascript'));
  router.get(
    '/ui/page.css',
    serve(() => STYLES, 'css'),
  );
  router.get(
    '/ui/diff.css',
    serve(() => DIFF_STYLES, 'css'),
  );
  return router;
}
