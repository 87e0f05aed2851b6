/** Who is acting, as far as the network tells: recorded in the audit log and used for per-IP limits. */
export interface Actor {
  sourceIp: string;
  userAgent: string;
}
