import { join } from 'node:path';
import { ConfigError, labConfigFromEnvironment } from '../src/runtime/lab/config';
import { JWT_SECRET_FILE, rotateJwtSecrets } from '../src/runtime/lab/jwt-secret';
import { ACCESS_TOKEN_TTL_SECONDS } from '../src/runtime/service-config';

/**
 * `npm run rotate-jwt-key`: rotates the access token keys kept in DATA_DIR (the same variables as `npm
 * start`): the current key becomes the previous one, a new key signs from the next start on, the key before
 * is dropped. Where JWT_SECRET is set (the Helm chart), the keys live in that Secret instead: see the chart
 * README for its rotation.
 */
try {
  const config = labConfigFromEnvironment();
  if (config.jwtSecret !== undefined) {
    console.error(
      'JWT_SECRET is set, so DATA_DIR holds no key set to rotate: rotate where JWT_SECRET comes from ' +
        '(move it to JWT_PREVIOUS_SECRET and set a new JWT_SECRET; the Helm chart README says how).',
    );
    process.exit(2);
  }
  const rotated = await rotateJwtSecrets(config.dataDir);
  console.log(
    [
      `Rotated the access token keys in ${join(config.dataDir, JWT_SECRET_FILE)}.`,
      `New current key: kid ${rotated.current}.`,
      rotated.previous === undefined
        ? 'There was no key before: nothing else to do.'
        : `Previous key: kid ${rotated.previous}; its tokens stay valid until they expire (at most ${ACCESS_TOKEN_TTL_SECONDS / 60} minutes); the key before it is no longer accepted.`,
      'Restart the server (npm start) to sign with the new key.',
    ].join('\n'),
  );
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
