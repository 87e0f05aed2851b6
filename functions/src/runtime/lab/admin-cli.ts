import { adminAndExit } from './admin-exit';

/** `npm run admin -- grant <email> moderator` / `revoke <email>`: see admin-command.ts. */
await adminAndExit(process.argv.slice(2));
