/**
 * Profile findings per goal, keyed by the goal's figure. The page prints the finding of every goal
 * a run did not meet.
 */
export const UNMET_GOAL_FINDINGS: Record<string, string> = {};
