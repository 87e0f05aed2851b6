import { createHash } from 'node:crypto';
import { access, mkdir, open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../ports/clock';

/** One signed upload policy: its signature names it, its expiry says how long it must be remembered. */
export interface PolicyUse {
  signature: string;
  expiresAt: Date;
}

/** Remembers which upload policies were used, so each can be used once. */
export interface UsedUploadPolicies {
  /** True when the policy was already used (a cheap early refusal, before the file is read). */
  isUsed(policy: PolicyUse): Promise<boolean>;
  /** Marks the policy used; false when it already was. Atomic: of two uploads racing, one claim wins. */
  claim(policy: PolicyUse): Promise<boolean>;
}

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

const hasCode = (error: unknown, code: string) =>
  error instanceof Error && 'code' in error && error.code === code;

/**
 * One empty file per used policy in `folder`, created with O_EXCL: the filesystem decides which of two racing
 * uploads claims a policy, in this process or in another replica sharing the volume. The name carries the
 * policy's expiry, so files of expired policies (which verification refuses anyway) are swept by name, at most
 * every 10 minutes, without reading them.
 */
export function createUsedUploadPolicies(folder: string, clock: Clock): UsedUploadPolicies {
  let lastSweep = 0;

  const pathOf = (policy: PolicyUse) => {
    const expiresSeconds = Math.ceil(policy.expiresAt.getTime() / 1000);
    const digest = createHash('sha256').update(policy.signature).digest('hex').slice(0, 40);
    return join(folder, `${expiresSeconds}-${digest}`);
  };

  const sweep = async () => {
    const nowMs = clock.now().getTime();
    if (nowMs - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = nowMs;
    const nowSeconds = nowMs / 1000;
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      const expires = Number(name.split('-')[0]);
      if (Number.isFinite(expires) && expires < nowSeconds) await rm(join(folder, name), { force: true });
    }
  };

  return {
    async isUsed(policy) {
      try {
        await access(pathOf(policy));
        return true;
      } catch {
        return false;
      }
    },

    async claim(policy) {
      await mkdir(folder, { recursive: true });
      try {
        const file = await open(pathOf(policy), 'wx', 0o600);
        await file.close();
      } catch (error) {
        if (hasCode(error, 'EEXIST')) return false;
        throw error;
      }
      await sweep().catch(() => undefined);
      return true;
    },
  };
}
