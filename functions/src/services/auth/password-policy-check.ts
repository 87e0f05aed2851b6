import { AppError } from '../../domain/errors';
import { passwordWeakness } from '../../domain/password-policy';

/** The password policy of every new password (registration, change, reset): 400 `validation_failed` on `field`. */
export function assertStrongPassword(password: string, email: string, field: string): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) {
    throw new AppError('validation_failed', `Password ${weakness}`, { fields: { [field]: [weakness] } });
  }
}
