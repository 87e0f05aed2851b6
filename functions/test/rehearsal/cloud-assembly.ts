import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A synthesized cloud assembly (`cdk.out`) read as CloudFormation would receive it: the stack templates and
 * the file assets, with the intrinsic functions the functions' configuration uses (`Ref`, `Fn::GetAtt`,
 * `Fn::ImportValue`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`) resolved to the physical ids a deploy
 * would produce, in the shape AWS gives them (table name, queue URL, secret ARN, API id). Nothing here knows
 * the app's variable names: whatever the templates say is what the rehearsal runs.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: JsonObject;
  Metadata?: JsonObject;
}

export interface StackTemplate {
  name: string;
  region: string;
  account: string;
  resources: Record<string, CfnResource>;
  outputs: Record<string, { Value: Json; Export?: { Name: Json } }>;
  parameters: Record<string, { Default?: Json }>;
  /** File assets of the stack: the S3 object key a template names -> the asset's directory in cdk.out. */
  assetDirs: Map<string, string>;
}

/** A resource by stack and logical id. */
export interface ResourceRef {
  stack: string;
  logicalId: string;
}

/** Why the rehearsal cannot go on, naming the template element at fault. */
export class RehearsalError extends Error {
  override name = 'RehearsalError';
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** The stacks of a cloud assembly directory (its manifest.json), templates and asset directories. */
export function readCloudAssembly(directory: string): StackTemplate[] {
  const manifest = readJson(join(directory, 'manifest.json'));
  if (!isObject(manifest) || !isObject(manifest.artifacts)) {
    throw new RehearsalError(`${directory}/manifest.json is not a cloud assembly manifest`);
  }
  const stacks: StackTemplate[] = [];
  for (const [name, artifact] of Object.entries(manifest.artifacts)) {
    if (!isObject(artifact) || artifact.type !== 'aws:cloudformation:stack') continue;
    const properties = isObject(artifact.properties) ? artifact.properties : {};
    const templateFile = String(properties.templateFile ?? `${name}.template.json`);
    const template = readJson(join(directory, templateFile));
    if (!isObject(template)) throw new RehearsalError(`${templateFile} is not a template`);
    const environment = /^aws:\/\/([^/]+)\/(.+)$/.exec(String(artifact.environment ?? ''));
    const assetDirs = new Map<string, string>();
    const assetsFile = join(directory, `${name}.assets.json`);
    let assets: unknown = {};
    try {
      assets = readJson(assetsFile);
    } catch {
      // a stack without file assets
    }
    const files = isObject(assets) && isObject(assets.files) ? assets.files : {};
    for (const file of Object.values(files)) {
      if (!isObject(file) || !isObject(file.source) || !isObject(file.destinations)) continue;
      for (const destination of Object.values(file.destinations)) {
        if (isObject(destination) && typeof destination.objectKey === 'string') {
          assetDirs.set(destination.objectKey, join(directory, String(file.source.path)));
        }
      }
    }
    stacks.push({
      name,
      account: environment?.[1] ?? '123456789012',
      region: environment?.[2] ?? 'us-east-1',
      resources: (isObject(template.Resources) ? template.Resources : {}) as unknown as Record<
        string,
        CfnResource
      >,
      outputs: (isObject(template.Outputs) ? template.Outputs : {}) as unknown as StackTemplate['outputs'],
      parameters: (isObject(template.Parameters)
        ? template.Parameters
        : {}) as unknown as StackTemplate['parameters'],
      assetDirs,
    });
  }
  return stacks;
}

/** A short, stable, lower-case id (API Gateway ids look like `a1b2c3d4e5`). */
const shortId = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 10);

/** What the physical names of generated resources look like: `<stack>-<logicalId>-<suffix>`. */
const generatedName = (stack: string, logicalId: string, max = 80) => {
  const prefix = `${stack}-${logicalId}`.slice(0, max - 11);
  return `${prefix}-${shortId(`${stack}/${logicalId}`).toUpperCase()}`;
};

/**
 * Resolves template values to what CloudFormation would put there. `dynamicSecret` answers the
 * `{{resolve:secretsmanager:...}}` dynamic references (CloudFormation reads them at deploy time).
 */
export class TemplateResolver {
  private readonly byName: Map<string, StackTemplate>;
  private exports: Map<string, { stack: StackTemplate; value: Json }> | null = null;

  constructor(
    readonly stacks: StackTemplate[],
    private readonly dynamicSecret: (secretId: string) => string | undefined = () => undefined,
  ) {
    this.byName = new Map(stacks.map((stack) => [stack.name, stack]));
  }

  stack(name: string): StackTemplate {
    const stack = this.byName.get(name);
    if (!stack) throw new RehearsalError(`no stack ${name} in the cloud assembly`);
    return stack;
  }

  resource(ref: ResourceRef): CfnResource {
    const resource = this.stack(ref.stack).resources[ref.logicalId];
    if (!resource) throw new RehearsalError(`${ref.stack} has no resource ${ref.logicalId}`);
    return resource;
  }

  /** Every resource of these types, over all stacks. */
  resourcesOfType(...types: string[]): (ResourceRef & { resource: CfnResource })[] {
    return this.stacks.flatMap((stack) =>
      Object.entries(stack.resources)
        .filter(([, resource]) => types.includes(resource.Type))
        .map(([logicalId, resource]) => ({ stack: stack.name, logicalId, resource })),
    );
  }

  /** The physical id CloudFormation returns for `Ref`, in the shape of the resource type. */
  physicalId(ref: ResourceRef): string {
    const stack = this.stack(ref.stack);
    const resource = this.resource(ref);
    const props = resource.Properties ?? {};
    const named = (key: string, max?: number) =>
      typeof props[key] === 'string' ? String(props[key]) : generatedName(ref.stack, ref.logicalId, max);
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return named('TableName', 255);
      case 'AWS::S3::Bucket':
        return named('BucketName', 63).toLowerCase();
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${stack.region}:${stack.account}:secret:${named('Name')}-${shortId(ref.logicalId).slice(0, 6)}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${stack.region}.amazonaws.com/${stack.account}/${named('QueueName')}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${stack.region}:${stack.account}:${named('TopicName')}`;
      case 'AWS::Lambda::Function':
        return named('FunctionName', 64);
      case 'AWS::ApiGatewayV2::Api':
        return shortId(`${ref.stack}/${ref.logicalId}`);
      default:
        return ref.logicalId;
    }
  }

  /** `Fn::GetAtt` of the attributes a function's configuration can reasonably name. */
  attribute(ref: ResourceRef, name: string, where: string): string {
    const stack = this.stack(ref.stack);
    const resource = this.resource(ref);
    const id = this.physicalId(ref);
    const arn = (service: string, rest: string) =>
      `arn:aws:${service}:${stack.region}:${stack.account}:${rest}`;
    const key = `${resource.Type}.${name}`;
    switch (key) {
      case 'AWS::Lambda::Function.Arn':
        return arn('lambda', `function:${id}`);
      case 'AWS::SQS::Queue.Arn':
        return arn('sqs', id.split('/').pop() ?? id);
      case 'AWS::SQS::Queue.QueueUrl':
        return id;
      case 'AWS::SQS::Queue.QueueName':
        return id.split('/').pop() ?? id;
      case 'AWS::DynamoDB::Table.Arn':
      case 'AWS::DynamoDB::GlobalTable.Arn':
        return arn('dynamodb', `table/${id}`);
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${id}`;
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${id}.s3.${stack.region}.amazonaws.com`;
      case 'AWS::SNS::Topic.TopicArn':
        return id;
      case 'AWS::SecretsManager::Secret.Id':
        return id;
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint': {
        const websocket = resource.Properties?.ProtocolType === 'WEBSOCKET';
        return `${websocket ? 'wss' : 'https'}://${id}.execute-api.${stack.region}.amazonaws.com`;
      }
      case 'AWS::ApiGatewayV2::Api.ApiId':
        return id;
      default:
        throw new RehearsalError(
          `${where}: Fn::GetAtt ${ref.logicalId}.${name} (${resource.Type}) has no local stand-in`,
        );
    }
  }

  private exported(name: string, where: string): string {
    if (this.exports === null) {
      this.exports = new Map();
      for (const stack of this.stacks) {
        for (const [outputId, output] of Object.entries(stack.outputs)) {
          if (output.Export === undefined) continue;
          const exportName = this.resolve(
            stack.name,
            output.Export.Name,
            `${stack.name}/Outputs/${outputId}`,
          );
          this.exports.set(String(exportName), { stack, value: output.Value });
        }
      }
    }
    const found = this.exports.get(name);
    if (!found) throw new RehearsalError(`${where}: Fn::ImportValue ${name}: no stack exports it`);
    return this.resolveString(found.stack.name, found.value, `${found.stack.name}/Export ${name}`);
  }

  private pseudo(stack: StackTemplate, name: string): string | undefined {
    switch (name) {
      case 'AWS::Region':
        return stack.region;
      case 'AWS::AccountId':
        return stack.account;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::StackName':
        return stack.name;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${stack.region}:${stack.account}:stack/${stack.name}/${shortId(stack.name)}`;
      case 'AWS::NoValue':
        return undefined;
      default:
        return undefined;
    }
  }

  private ref(stackName: string, name: string, where: string): string {
    const stack = this.stack(stackName);
    if (name.startsWith('AWS::')) {
      const value = this.pseudo(stack, name);
      if (value === undefined) throw new RehearsalError(`${where}: Ref ${name} has no local stand-in`);
      return value;
    }
    if (stack.resources[name]) return this.physicalId({ stack: stackName, logicalId: name });
    const parameter = stack.parameters[name];
    if (parameter?.Default !== undefined) return String(parameter.Default);
    throw new RehearsalError(`${where}: Ref ${name}: no such resource or parameter in ${stackName}`);
  }

  resolveString(stackName: string, value: unknown, where: string): string {
    const resolved = this.resolve(stackName, value, where);
    if (typeof resolved !== 'string' && typeof resolved !== 'number' && typeof resolved !== 'boolean') {
      throw new RehearsalError(`${where}: resolves to ${JSON.stringify(resolved)}, not a string`);
    }
    return this.dynamicReferences(String(resolved), where);
  }

  /** `{{resolve:secretsmanager:<id>:SecretString:<json key>::}}` -> the secret's (local) value. */
  private dynamicReferences(text: string, where: string): string {
    return text.replace(
      /\{\{resolve:secretsmanager:([^:}]+(?::[^:}]+)*?):SecretString:([^:}]*):[^}]*\}\}/g,
      (_, id, jsonKey) => {
        const value = this.dynamicSecret(String(id));
        if (value === undefined)
          throw new RehearsalError(`${where}: no local secret ${id} for its dynamic reference`);
        if (!jsonKey) return value;
        const parsed: unknown = JSON.parse(value);
        return isObject(parsed) ? String(parsed[String(jsonKey)] ?? '') : '';
      },
    );
  }

  /** Resolves intrinsic functions; throws naming `where` for anything without a local stand-in. */
  resolve(stackName: string, value: unknown, where: string): Json {
    if (Array.isArray(value))
      return value.map((item, index) => this.resolve(stackName, item, `${where}[${index}]`));
    if (!isObject(value)) return value as Json;
    const keys = Object.keys(value);
    const [fn] = keys;
    if (keys.length !== 1 || fn === undefined || !(fn === 'Ref' || fn.startsWith('Fn::'))) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.resolve(stackName, item, `${where}/${key}`)]),
      );
    }
    const argument = value[fn];
    switch (fn) {
      case 'Ref':
        return this.ref(stackName, String(argument), where);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument)
          ? argument.map(String)
          : String(argument).split(/\.(.*)/);
        return this.attribute({ stack: stackName, logicalId: String(logicalId) }, String(attribute), where);
      }
      case 'Fn::ImportValue':
        return this.exported(this.resolveString(stackName, argument, where), where);
      case 'Fn::Join': {
        if (!Array.isArray(argument)) throw new RehearsalError(`${where}: malformed Fn::Join`);
        const [separator, parts] = argument;
        const list = this.resolve(stackName, parts, where);
        if (!Array.isArray(list)) throw new RehearsalError(`${where}: Fn::Join of a non-list`);
        return list.map(String).join(String(separator));
      }
      case 'Fn::Select': {
        if (!Array.isArray(argument)) throw new RehearsalError(`${where}: malformed Fn::Select`);
        const index = Number(this.resolve(stackName, argument[0], where));
        const list = this.resolve(stackName, argument[1], where);
        if (!Array.isArray(list) || list[index] === undefined) {
          throw new RehearsalError(`${where}: Fn::Select ${index} out of range`);
        }
        return list[index];
      }
      case 'Fn::Split': {
        if (!Array.isArray(argument)) throw new RehearsalError(`${where}: malformed Fn::Split`);
        return this.resolveString(stackName, argument[1], where).split(String(argument[0]));
      }
      case 'Fn::Sub': {
        const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
        const vars = isObject(variables) ? variables : {};
        return String(template).replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
          if (name.startsWith('!')) return `\${${name.slice(1)}}`;
          if (name in vars) return this.resolveString(stackName, vars[name], where);
          const [logicalId, attribute] = name.split(/\.(.*)/);
          if (attribute)
            return this.attribute({ stack: stackName, logicalId: String(logicalId) }, attribute, where);
          return this.ref(stackName, name, where) ?? whole;
        });
      }
      default:
        throw new RehearsalError(`${where}: ${fn} has no local stand-in`);
    }
  }

  /** Which resource a resolved `Fn::GetAtt X.Arn` / `Ref X` of a function names, by its ARN or name. */
  functionByArnOrName(value: string): ResourceRef | undefined {
    // WebSocket integrations name `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations`.
    const invoked = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(value)?.[1];
    if (invoked !== undefined) return this.functionByArnOrName(invoked);
    for (const fn of this.resourcesOfType('AWS::Lambda::Function')) {
      const name = this.physicalId(fn);
      if (value === name || value.endsWith(`:function:${name}`))
        return { stack: fn.stack, logicalId: fn.logicalId };
    }
    return undefined;
  }
}
