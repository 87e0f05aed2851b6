import { systemRoutes } from '../../../handlers/http/system-routes';
import { createGroupHandler } from '../http-handler';
import { openApiDocument } from '../openapi-document';

/** Health, OpenAPI document and docs page; also API Gateway's `$default` route (the 404 envelope). */
export const handler = createGroupHandler('system', systemRoutes(openApiDocument));
