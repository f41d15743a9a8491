// A detection workload: when each purge is submitted and how long ImageKit takes to complete it.
// The file format is the one `npm run bench -- --workload <file.json>` reads:
//   {"name": "...", "completionSeconds": [12.5, 97.0, ...], "submittedAtSeconds": [0, 0, ...]}
import fs from 'node:fs';

export interface Workload {
  name: string;
  /** Seconds from submission to completion, one per purge. */
  completionSeconds: number[];
  /** Seconds from the start of the run to submission, one per purge (default all 0). */
  submittedAtSeconds?: number[];
  /** What the workload stands for (optional, shown in reports). */
  description?: string;
}

export class WorkloadError extends Error {
  override readonly name = 'WorkloadError';
}

/** Validates a parsed workload file; throws a WorkloadError that says what is wrong. */
export function parseWorkload(value: unknown, source = 'the workload'): Workload {
  if (typeof value !== 'object' || value === null) {
    throw new WorkloadError(`${source} is not a JSON object.`);
  }
  const { name, completionSeconds, submittedAtSeconds, description } = value as Record<
    string,
    unknown
  >;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new WorkloadError(`${source} needs a "name" string.`);
  }
  const completions = numbers(completionSeconds, 'completionSeconds', source);
  if (completions.length === 0) {
    throw new WorkloadError(`${source}: "completionSeconds" holds no purge.`);
  }
  const workload: Workload = { name, completionSeconds: completions };
  if (submittedAtSeconds !== undefined) {
    const submitted = numbers(submittedAtSeconds, 'submittedAtSeconds', source);
    if (submitted.length !== completions.length) {
      throw new WorkloadError(
        `${source}: "submittedAtSeconds" has ${submitted.length} values for ${completions.length} purges.`,
      );
    }
    workload.submittedAtSeconds = submitted;
  }
  if (typeof description === 'string') workload.description = description;
  return workload;
}

export function readWorkload(file: string): Workload {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new WorkloadError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WorkloadError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseWorkload(parsed, file);
}

function numbers(value: unknown, field: string, source: string): number[] {
  if (!Array.isArray(value)) throw new WorkloadError(`${source} needs a "${field}" array.`);
  value.forEach((item, index) => {
    if (typeof item !== 'number' || !Number.isFinite(item) || item < 0) {
      throw new WorkloadError(
        `${source}: ${field}[${index}] must be a number of seconds, 0 or more.`,
      );
    }
  });
  return value as number[];
}
