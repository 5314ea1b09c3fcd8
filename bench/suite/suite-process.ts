/**
 * Child-process entry that runs `keen-harness run` once, as the CLI does, with Playwright's JSON
 * report on. Usage: `suite-process.ts OPTIONS_JSON PATH…`, where OPTIONS_JSON is a RunOptions object.
 */
import { runCommand, type RunOptions } from '../../harness/cli/run.js';

const [optionsJson, ...paths] = process.argv.slice(2);
const options = JSON.parse(optionsJson) as RunOptions;
process.exitCode = await runCommand(paths, options);
