import { safetyRoutes } from '../../../handlers/http/safety-routes';
import { createGroupHandler } from '../http-handler';

/** Blocks and reports. */
export const handler = createGroupHandler('safety', safetyRoutes);
