import { MUTANTS } from './catalogue.js';
import { formatVerdict, summarizeCatchRate } from './catch-rate.js';
import { runMutants } from './run-mutants.js';

/**
 * `npm run mutants`: runs every mutant of the reference destination against all scenarios of its
 * area and prints which scenarios caught it, then the catch rate. Exits 0 when every mutant was
 * caught, 1 when one escaped, 2 on errors.
 */
const width = Math.max(...MUTANTS.map((mutant) => mutant.id.length));
const verdicts = await runMutants({
  mutants: MUTANTS,
  onVerdict: (verdict) => console.log(formatVerdict(verdict, width)),
});
process.exitCode = summarizeCatchRate(verdicts, (line) => console.log(line));
