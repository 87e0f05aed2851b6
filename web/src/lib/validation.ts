import type * as z from 'zod/mini';
import type { FieldErrors } from './api-error';

type Issue = z.core.$ZodRawIssue;

const plural = (count: number | bigint, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const { minimum, origin } = issue;
  if (origin === 'string')
    return minimum === 1 ? 'Required' : `Use at least ${plural(minimum, 'character', 'characters')}`;
  if (origin === 'array') return minimum === 1 ? 'Choose at least one' : `Choose at least ${minimum}`;
  return issue.inclusive === false ? `Must be more than ${minimum}` : `Must be at least ${minimum}`;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const { maximum, origin } = issue;
  if (origin === 'string') return `Use at most ${plural(maximum, 'character', 'characters')}`;
  if (origin === 'array') return `At most ${maximum} allowed`;
  return issue.inclusive === false ? `Must be less than ${maximum}` : `Must be at most ${maximum}`;
}

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  if (issue.input === undefined || issue.input === null) return 'Required';
  if (issue.expected === 'int') return 'Enter a whole number';
  if (issue.expected === 'number') return 'Enter a number';
  return 'Has the wrong type';
}

/**
 * Plain-language messages for the contract's generic checks (zod/mini ships none: it says "Invalid input").
 * Messages written into the contract itself take precedence over these.
 */
export function friendlyIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_type':
      return invalidType(issue);
    case 'invalid_format':
      return issue.format === 'email'
        ? 'Enter an email address like name@example.org'
        : 'Has the wrong format';
    case 'invalid_value':
      return issue.input === undefined ? 'Required' : 'Choose one of the options';
    case 'unrecognized_keys':
      return 'Is not allowed';
    default:
      return undefined;
  }
}

/** Issues keyed by dotted path, the same shape as the API's `details.fields`. */
export function fieldErrorsFromIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(root)';
    const list = fields[key] ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    fields[key] = list;
  }
  return fields;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Checks a form's value against the contract before sending it, so the user sees problems at once. */
export function validateWith<S extends z.ZodMiniType>(schema: S, value: unknown): Validation<z.output<S>> {
  const result = schema.safeParse(value, { error: friendlyIssueMessage });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: fieldErrorsFromIssues(result.error.issues) };
}
