import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The lab's presigned POST: the same policy document as S3's (base64 JSON `{expiration, conditions}`), signed
 * with HMAC-SHA256 instead of SigV4. `verifyUploadForm` enforces it the way S3 enforces a POST policy.
 */
export const POLICY_FIELD = 'Policy';
export const SIGNATURE_FIELD = 'X-Lab-Signature';
export const ALGORITHM_FIELD = 'X-Lab-Algorithm';
export const ALGORITHM = 'HMAC-SHA256';

export type PolicyCondition =
  | Record<string, string>
  | ['eq' | 'starts-with', string, string]
  | ['content-length-range', number, number];

export interface PolicyDocument {
  expiration: string;
  conditions: PolicyCondition[];
}

export interface UploadPolicyInput {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresAt: Date;
}

const sign = (secret: Uint8Array, encodedPolicy: string) =>
  createHmac('sha256', secret).update(encodedPolicy, 'utf8').digest('hex');

/** The form fields of a lab upload: everything the browser sends before `file`. */
export function signUploadPolicy(secret: Uint8Array, input: UploadPolicyInput): Record<string, string> {
  const policy: PolicyDocument = {
    expiration: input.expiresAt.toISOString(),
    conditions: [
      { key: input.key },
      { 'Content-Type': input.contentType },
      { [ALGORITHM_FIELD]: ALGORITHM },
      ['content-length-range', 1, input.maxBytes],
    ],
  };
  const encoded = Buffer.from(JSON.stringify(policy), 'utf8').toString('base64');
  return {
    key: input.key,
    'Content-Type': input.contentType,
    [ALGORITHM_FIELD]: ALGORITHM,
    [POLICY_FIELD]: encoded,
    [SIGNATURE_FIELD]: sign(secret, encoded),
  };
}

/** Why S3 would refuse the form; `code`/`status` are S3's. */
export interface PolicyViolation {
  status: 400 | 403;
  code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidArgument' | 'InvalidPolicyDocument';
  message: string;
}

export interface AcceptedUpload {
  key: string;
  contentType: string;
  minBytes: number;
  maxBytes: number;
  /** The policy's signature and expiry: what makes it usable once (see used-upload-policies.ts). */
  signature: string;
  expiresAt: Date;
}

const denied = (message: string): PolicyViolation => ({ status: 403, code: 'AccessDenied', message });
const invalid = (code: PolicyViolation['code'], message: string): PolicyViolation => ({
  status: 400,
  code,
  message,
});
const conditionFailed = (what: string) =>
  denied(`Invalid according to Policy: Policy Condition failed: ${what}`);

/** Field names compare case-insensitively in S3 POST forms; values compare exactly. */
const lower = (name: string) => name.toLowerCase();

/** Fields S3 never requires a condition for. */
const exempt = (name: string) =>
  [POLICY_FIELD, SIGNATURE_FIELD, 'file'].some((field) => lower(field) === lower(name)) ||
  lower(name).startsWith('x-ignore-');

function parsePolicy(encoded: string): PolicyDocument | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { expiration, conditions } = value as Record<string, unknown>;
    if (typeof expiration !== 'string' || !Array.isArray(conditions)) return null;
    return { expiration, conditions: conditions as PolicyCondition[] };
  } catch {
    return null;
  }
}

/**
 * Checks the form fields (sent before the file) against the signed policy: signature, expiry, every condition,
 * and every field covered by a condition. Size is checked while the file streams (`minBytes`/`maxBytes`).
 */
export function verifyUploadForm(
  secret: Uint8Array,
  rawFields: ReadonlyMap<string, string>,
  now: Date,
): { ok: true; upload: AcceptedUpload } | { ok: false; violation: PolicyViolation } {
  const fields = new Map([...rawFields].map(([name, value]) => [lower(name), value]));
  const encoded = fields.get(lower(POLICY_FIELD));
  const signature = fields.get(lower(SIGNATURE_FIELD));
  if (encoded === undefined || signature === undefined) {
    return fail(
      invalid(
        'InvalidArgument',
        `Bucket POST must contain the fields ${POLICY_FIELD} and ${SIGNATURE_FIELD}`,
      ),
    );
  }
  const expected = Buffer.from(sign(secret, encoded), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail({
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    });
  }
  const policy = parsePolicy(encoded);
  const expiration = policy ? Date.parse(policy.expiration) : Number.NaN;
  if (!policy || Number.isNaN(expiration))
    return fail(invalid('InvalidPolicyDocument', 'Invalid Policy: malformed'));
  if (expiration <= now.getTime()) return fail(denied('Invalid according to Policy: Policy expired.'));

  const covered = new Set<string>();
  let range: [number, number] | null = null;
  for (const condition of policy.conditions) {
    const checked = checkCondition(condition, fields);
    if (checked.kind === 'violation') return fail(checked.violation);
    if (checked.kind === 'range') range = checked.range;
    else covered.add(checked.field);
  }
  for (const name of fields.keys()) {
    if (!exempt(name) && !covered.has(name)) {
      return fail(denied(`Invalid according to Policy: Extra input fields: ${name}`));
    }
  }
  const key = fields.get('key');
  const contentType = fields.get('content-type');
  if (key === undefined || contentType === undefined || range === null) {
    return fail(
      invalid('InvalidPolicyDocument', 'Invalid Policy: key, Content-Type and a size range are required'),
    );
  }
  return {
    ok: true,
    upload: {
      key,
      contentType,
      minBytes: range[0],
      maxBytes: range[1],
      signature,
      expiresAt: new Date(expiration),
    },
  };
}

const fail = (violation: PolicyViolation) => ({ ok: false as const, violation });

type Checked =
  | { kind: 'field'; field: string }
  | { kind: 'range'; range: [number, number] }
  | { kind: 'violation'; violation: PolicyViolation };

function checkCondition(condition: PolicyCondition, fields: ReadonlyMap<string, string>): Checked {
  const malformed: Checked = {
    kind: 'violation',
    violation: invalid('InvalidPolicyDocument', 'Invalid Policy: Invalid Condition'),
  };
  if (Array.isArray(condition)) {
    const [operator, first, second] = condition;
    if (operator === 'content-length-range') {
      return typeof first === 'number' && typeof second === 'number' && first >= 0 && first <= second
        ? { kind: 'range', range: [first, second] }
        : malformed;
    }
    if (
      (operator !== 'eq' && operator !== 'starts-with') ||
      typeof first !== 'string' ||
      typeof second !== 'string'
    ) {
      return malformed;
    }
    if (!first.startsWith('$')) return malformed;
    const field = lower(first.slice(1));
    const value = fields.get(field) ?? '';
    const met = operator === 'eq' ? value === second : value.startsWith(second);
    return met
      ? { kind: 'field', field }
      : { kind: 'violation', violation: conditionFailed(`["${operator}", "${first}", "${second}"]`) };
  }
  if (typeof condition !== 'object' || condition === null) return malformed;
  const entries = Object.entries(condition);
  const [entry] = entries;
  if (entries.length !== 1 || !entry || typeof entry[1] !== 'string') return malformed;
  const [name, expected] = entry;
  const field = lower(name);
  return fields.get(field) === expected
    ? { kind: 'field', field }
    : { kind: 'violation', violation: conditionFailed(`["eq", "$${name}", "${expected}"]`) };
}
