import type { HttpRoute } from '../../handlers/http/http-route';
import { routeKey } from '../../handlers/http/http-route';

export interface RouteMatch {
  route: HttpRoute;
  /** "GET /api/profiles/{userId}", exactly as API Gateway names the route. */
  routeKey: string;
  /** Absent when the route has no parameters, like API Gateway's event. */
  pathParameters?: Record<string, string>;
}

interface CompiledRoute {
  route: HttpRoute;
  key: string;
  pattern: RegExp;
  names: string[];
  /** One letter per segment, literal < {param} < {greedy+}: sorting by it puts the most specific first. */
  rank: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(route: HttpRoute): CompiledRoute {
  const names: string[] = [];
  let rank = '';
  const segments = route.path.split('/').map((segment) => {
    const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
    if (!param?.[1]) {
      rank += 'a';
      return escapeRegExp(segment);
    }
    names.push(param[1]);
    rank += param[2] ? 'c' : 'b';
    return param[2] ? '(.+)' : '([^/]+)';
  });
  return { route, key: routeKey(route), pattern: new RegExp(`^${segments.join('/')}$`), names, rank };
}

/**
 * Route selection as API Gateway does it: the most specific matching route wins (literal segments over
 * `{param}` over `{proxy+}`); no match (or a path that exists for another method only) selects `$default`,
 * which the dispatcher answers with the 404 envelope. Compiled once; `path` is the decoded path.
 */
export function compileRouteTable(
  routes: readonly HttpRoute[],
): (method: string, path: string) => RouteMatch | null {
  const compiled = routes.map(compile).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return (method, path) => {
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const match = candidate.pattern.exec(path);
      if (!match) continue;
      const found: RouteMatch = { route: candidate.route, routeKey: candidate.key };
      if (candidate.names.length > 0) {
        found.pathParameters = Object.fromEntries(
          candidate.names.map((name, index) => [name, match[index + 1] ?? '']),
        );
      }
      return found;
    }
    return null;
  };
}
