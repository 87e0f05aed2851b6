import * as z from 'zod/mini';

const EnvSchema = z.object({
  /** Origin of the API when it is not this page's origin; empty means same origin (production and `npm start`). */
  VITE_API_ORIGIN: z._default(
    z
      .string()
      .check(z.regex(/^(https?:\/\/[^/\s]+)?$/, 'must be empty or an origin like https://example.org')),
    '',
  ),
  VITE_APP_NAME: z._default(z.string().check(z.minLength(1), z.maxLength(40)), 'Heartwood'),
});

function readEnv(source: Record<string, unknown>) {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid build environment:\n${problems.join('\n')}`);
  }
  return { apiOrigin: result.data.VITE_API_ORIGIN, appName: result.data.VITE_APP_NAME };
}

/** Read and validated once; the rest of the app imports `env`, never `import.meta.env`. */
export const env = readEnv(import.meta.env);
