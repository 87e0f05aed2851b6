import { describe, expect, it } from 'vitest';
import { helmOrSkip, type Scenario, templateChart } from './support/chart';

const helm = helmOrSkip();

interface Rejection {
  set: string[];
  /** What helm's message must say, so an operator knows which value to fix. */
  message: RegExp;
}

/** Each value is wrong on its own: values.schema.json refuses it before anything renders. */
const schemaRejections: Record<string, Rejection> = {
  'a negative replicaCount': { set: ['replicaCount=-1'], message: /\/replicaCount': minimum/ },
  'an unknown top-level key': {
    set: ['replicas=2'],
    message: /additional properties 'replicas' not allowed/,
  },
  'an unknown nested key': { set: ['media.bucket=x'], message: /\/media'.*additional properties 'bucket'/s },
  'a media.mode other than volume or s3': { set: ['media.mode=nfs'], message: /\/media\/mode'.*one of/s },
  'the latest image tag': { set: ['image.tag=latest'], message: /\/image\/tag'/ },
  'a password hash cost outside 14..20': { set: ['config.passwordHashCost=30'], message: /passwordHashCost/ },
  'an unknown log level': { set: ['config.logLevel=verbose'], message: /\/config\/logLevel'/ },
  'a port above 65535': { set: ['service.port=70000'], message: /\/service\/port'/ },
  'a short JWT secret': { set: ['secret.jwtSecret=short'], message: /\/secret\/jwtSecret'/ },
  'a database URL that is not postgres://': {
    set: ['database.mode=external', 'database.url=mysql://db/x'],
    message: /\/database\/url'/,
  },
  'an external database without URL or Secret': { set: ['database.mode=external'], message: /\/database'/ },
  's3 media without a bucket': { set: ['media.mode=s3'], message: /\/media\/s3\/bucket'/ },
  'a password that breaks the connection URL': {
    set: ['postgresql.auth.password=p@ss/word'],
    message: /\/postgresql\/auth\/password'/,
  },
  'an unknown access mode': {
    set: ['media.persistence.accessModes[0]=ReadWriteSometimes'],
    message: /accessModes/,
  },
  'a memory quantity that is not a quantity': { set: ['resources.limits.memory=lots'], message: /resources/ },
  'a load balancer subnet that is not a CIDR': {
    set: ['networkPolicy.loadBalancerSubnetCidrs[0]=10.0.0.0'],
    message: /\/networkPolicy\/loadBalancerSubnetCidrs\/0'/,
  },
  'a trustProxy that is not a boolean': {
    set: ['config.trustProxy=maybe'],
    message: /\/config\/trustProxy'/,
  },
};

/** Values that are each fine but cannot work together: the templates stop with a clear message. */
const combinationRejections: Record<string, Rejection> = {
  'two replicas on a ReadWriteOnce volume': {
    set: ['replicaCount=2'],
    message: /more than one app pod .* needs media every pod can reach/,
  },
  'autoscaling on a ReadWriteOnce volume': {
    set: ['autoscaling.enabled=true'],
    message: /more than one app pod .* needs media every pod can reach/,
  },
  'an external URL with the built-in database': {
    set: ['database.url=postgres://u:p@db/x'],
    message: /apply to database.mode=external only/,
  },
  'maxReplicas below minReplicas': {
    set: [
      'autoscaling.enabled=true',
      'autoscaling.minReplicas=4',
      'autoscaling.maxReplicas=3',
      'media.mode=s3',
      'media.s3.bucket=photos',
    ],
    message: /maxReplicas must be at least/,
  },
};

const scenario = (set: string[]): Scenario => ({ name: set.join(' '), valuesFiles: [], set });

describe.skipIf(!helm.available)(
  `chart values ${helm.available ? '' : `(skipped: ${helm.available ? '' : helm.reason})`}`,
  () => {
    const helmPath = helm.available ? helm.path : '';

    it.each(Object.entries(schemaRejections))('the schema rejects %s', (_, { set, message }) => {
      const result = templateChart(helmPath, scenario(set));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("values don't meet the specifications of the schema");
      expect(result.stderr).toMatch(message);
    });

    it.each(Object.entries(combinationRejections))('the chart refuses %s', (_, { set, message }) => {
      const result = templateChart(helmPath, scenario(set));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(message);
    });

    it('accepts several replicas with S3 media, or with a ReadWriteMany volume', () => {
      for (const set of [
        ['replicaCount=3', 'media.mode=s3', 'media.s3.bucket=photos'],
        ['replicaCount=3', 'media.persistence.accessModes[0]=ReadWriteMany'],
      ]) {
        const result = templateChart(helmPath, scenario(set));
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
      }
    });
  },
);
