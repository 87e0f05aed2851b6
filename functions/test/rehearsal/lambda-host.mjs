// One Lambda "instance" of the rehearsal: loads a synthesized bundle exactly as the Node.js runtime does (its
// module, its exported handler, nothing of the repository's source) and answers invocations sent over IPC.
// Plain JavaScript on purpose: no TypeScript loader, no test framework in this process.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const file = process.env.REHEARSAL_HANDLER_FILE;
const exportName = process.env.REHEARSAL_HANDLER_EXPORT ?? 'handler';
// Not part of the function's environment: Lambda does not set them.
delete process.env.REHEARSAL_HANDLER_FILE;
delete process.env.REHEARSAL_HANDLER_EXPORT;

const send = (message) => process.send?.(message);
const describe = (error) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack ?? '' }
    : { name: 'Error', message: String(error), stack: '' };

let handler;
const started = performance.now();
try {
  const module = await import(pathToFileURL(file).href);
  handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`the bundle exports no function "${exportName}"`);
  send({ type: 'ready', loadMs: performance.now() - started });
} catch (error) {
  // Exit once the message is out (an exit right after send can drop it).
  process.send?.({ type: 'load-failed', error: describe(error) }, () => process.exit(1));
}

process.on('message', async (message) => {
  if (message?.type !== 'invoke') return;
  const { id, event, deadline, requestId } = message;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: '$LATEST',
    invokedFunctionArn: message.functionArn ?? '',
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const begun = performance.now();
  try {
    const result = await handler(event, context);
    send({ type: 'result', id, ok: true, result: result ?? null, durationMs: performance.now() - begun });
  } catch (error) {
    send({ type: 'result', id, ok: false, error: describe(error), durationMs: performance.now() - begun });
  }
});
