import { Command, InvalidArgumentError } from 'commander';
import { runCommand } from './run.js';
import { addGateOptions } from './gate-options.js';
import { matrixCommand } from './matrix.js';
import type { MatrixOptions } from './matrix.js';
import type { RunOptions } from './run.js';
import type { NewOptions } from './new.js';
import { parseProjectOption, serveCommand, type ServeOptions } from './serve.js';
import { newCommand } from './new.js';
import { updateExpectedCommand } from './update-expected.js';
import type { UpdateExpectedOptions } from './update-expected.js';
import { validateCommand } from './validate.js';
import { addShowCommand } from './show.js';
import { addOpenCommand } from './open.js';
import { addReplayCommand } from './replay.js';

/** Exit codes: 0 all passed, 1 conformance failures, 2 usage or infrastructure errors. */
export const EXIT = { passed: 0, failed: 1, error: 2 } as const;

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new InvalidArgumentError(`expected an integer from 0 to 65535 (got ${value})`);
  }
  return number;
}

function journalLimit(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError(`expected a positive integer (got ${value})`);
  }
  return number;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const program = new Command('keen-harness')
  .description(
    "Contract tests for Segment's Keen destination, against a faithful mock of Keen's API",
  )
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EXIT.error))
  .showHelpAfterError();

addGateOptions(
  program
    .command('run')
    .description('run the conformance catalogue against targets, in device and cloud mode')
    .argument('[paths...]', 'scenario files or folders', ['scenarios']),
)
  .option(
    '--update-expected',
    'rewrite the expectations of the selected scenarios from what the mock records, and print a diff of each changed file (refused when CI is set)',
  )
  .option(
    '--stored',
    'with --update-expected, also record the event as Keen stores it (stored) for every write',
  )
  .option(
    '--output-dir <dir>',
    "Playwright's output folder for test artifacts and run bundles (default: test-results)",
  )
  .action(async (paths: string[], options: RunOptions & UpdateExpectedOptions) => {
    process.exitCode = options.updateExpected
      ? await updateExpectedCommand(paths, options)
      : await runCommand(paths, options);
  });

addGateOptions(
  program
    .command('matrix')
    .description(
      'run several targets and write a scenario x target x mode table as matrix.md and matrix.html',
    )
    .argument('[paths...]', 'scenario files or folders', ['scenarios']),
).action(async (paths: string[], options: MatrixOptions) => {
  process.exitCode = await matrixCommand(paths, options);
});

program
  .command('validate')
  .description(
    'check scenario files against the schema and for mistakes a run would only show later; exit 1 on errors',
  )
  .argument('[paths...]', 'scenario files or folders', ['scenarios'])
  .action(async (paths: string[]) => {
    process.exitCode = await validateCommand(paths);
  });

program
  .command('new')
  .description('write a new scenario file, {dir}/{id}.json, from the template; never overwrites')
  .argument('<id>', 'scenario id, for example device-track/my-behaviour')
  .option(
    '-r, --rule <section>',
    'section of the destination contract the scenario pins, for example 3.5 (required)',
  )
  .option(
    '-m, --mode <mode>',
    'a mode the scenario runs in: device or cloud (repeatable; default: from the rule)',
    collect,
  )
  .option('--dir <folder>', 'catalogue folder to write into', 'scenarios')
  .action(async (id: string, options: NewOptions) => {
    process.exitCode = await newCommand(id, options);
  });

program
  .command('serve')
  .description(
    'start the Keen mock on its own and print its address; permissive (a project is created on its first write) unless --project is given',
  )
  .option('-p, --port <port>', 'port to listen on (0 picks a free one)', positiveInteger, 0)
  .option('-H, --host <host>', 'address to bind', '127.0.0.1')
  .option(
    '--project <ID:WRITEKEY[:READKEY[:MASTERKEY]]>',
    'register a project and its keys, and accept no other (repeatable; starts the mock strict)',
    parseProjectOption,
  )
  .option('--geoip-db <file>', 'MaxMind .mmdb City database for the keen:ip_to_geo add-on')
  .option(
    '--journal <file>',
    'keep the journal in this SQLite file across restarts (default: in memory)',
  )
  .option(
    '--max-records <count>',
    'keep at most this many journal records, dropping the oldest',
    journalLimit,
  )
  .option(
    '--max-bytes <bytes>',
    'keep at most this many bytes of records and raw requests, dropping the oldest',
    journalLimit,
  )
  .option(
    '--inspect-token <token>',
    'require this bearer token on the inspection API under /mock (default: $KEEN_MOCK_INSPECT_TOKEN)',
  )
  .action(async (options: ServeOptions) => {
    await serveCommand(options);
  });

addShowCommand(program);
addOpenCommand(program);
addReplayCommand(program);

await program.parseAsync(process.argv);
