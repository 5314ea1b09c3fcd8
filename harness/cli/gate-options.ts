import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function count(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 1000) {
    throw new InvalidArgumentError(`expected an integer from 0 to 1000 (got ${value})`);
  }
  return number;
}

function workerCount(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1000) {
    throw new InvalidArgumentError(`expected an integer from 1 to 1000 (got ${value})`);
  }
  return number;
}

function shard(value: string): string {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) {
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n, such as 1/2 (got ${value})`);
  }
  return value;
}

/** Adds the selection and report options that `run` and `matrix` share. */
export function addGateOptions(command: Command): Command {
  return command
    .option('-m, --mode <mode>', 'run only this mode: device or cloud (repeatable)', collect)
    .option(
      '-g, --grep <pattern>',
      'run only scenario ids containing this text; with * as wildcard, ids matching the whole pattern (repeatable)',
      collect,
    )
    .option('--tag <tag>', 'run only scenarios with this tag (repeatable)', collect)
    .option(
      '-t, --target <name>',
      'run against targets matching this name, * as wildcard (repeatable; default: the config targets, else reference)',
      collect,
    )
    .option(
      '-c, --config <file>',
      'config file with targets (default: keen-harness.config.{ts,js,mjs,json} in the working directory)',
    )
    .option('-w, --workers <count>', "parallel workers (default: Playwright's choice)", workerCount)
    .option('--retries <count>', 'retries of a failed scenario run', count, 0)
    .option(
      '--report-dir <dir>',
      'folder for junit.xml, report.json, html/ and, with --shard, blob/',
      'reports',
    )
    .option(
      '--junit <file>',
      'where to write the JUnit XML report (default: {report-dir}/junit.xml)',
    )
    .option(
      '--shard <i/n>',
      'run only shard i of n and write a blob report for merge-reports',
      shard,
    );
}
