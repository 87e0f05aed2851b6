import type { Me } from '../../contract/me';
import { AppError } from '../../domain/errors';
import type { Deps } from '../deps';

export async function getMe(deps: Deps, userId: string): Promise<Me> {
  const [user, profile] = await Promise.all([
    deps.store.users.findById(userId),
    deps.store.profiles.get(userId),
  ]);
  if (!user) throw new AppError('unauthorized', 'Account no longer exists');
  return {
    id: user.id,
    email: user.email,
    createdAt: user.createdAt,
    profileComplete: profile !== null,
    displayName: profile?.displayName ?? null,
  };
}
