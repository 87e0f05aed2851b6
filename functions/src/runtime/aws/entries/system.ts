import { httpRoutes } from '../../../routes';
import { routesOfGroup } from '../function-groups';
import { createGroupHandler } from '../http-handler';

/** Health, OpenAPI document and docs page; also API Gateway's `$default` route (the 404 envelope). */
export const handler = createGroupHandler('system', routesOfGroup('system', httpRoutes));
