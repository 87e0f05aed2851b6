/**
 * Chat load CLI over the ws-fanout benchmark (ws-fanout.ts holds the logic), for sizes other than
 * `npm run bench`'s: holds N WebSocket connections to the lab runtime (servers in child processes), has the
 * users of `--conversations` matched pairs send messages to each other over their sockets while the rest stay
 * connected and idle, and reports delivery latency and lost messages next to a bare `ws` relay. Exits 1 when
 * any message or ack is lost, or fewer messages were stored than sent.
 *
 *   npm run bench:chat -w functions -- --connections=1000 --conversations=200 --messages=5 --rate=200
 *   DATABASE_URL=postgres://... npm run bench:chat -w functions -- --replicas=2 --rate=400
 *
 * Without DATABASE_URL the lab runs on PGlite (one replica); with it, each replica is its own process with its
 * own pool, and the replicas reach each other's sockets over LISTEN/NOTIFY (users alternate between replicas,
 * so with 2+ replicas every delivery crosses).
 */
import { formatResult } from './support/report';
import { runWsFanout, WS_FANOUT_FULL } from './ws-fanout';

const argument = (name: string, fallback: number) => {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = Number(given ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
};

const connections = argument('connections', WS_FANOUT_FULL.connections);
const result = await runWsFanout({
  connections,
  conversations: argument(
    'conversations',
    Math.min(WS_FANOUT_FULL.conversations, Math.floor(connections / 2)),
  ),
  messagesPerUser: argument('messages', WS_FANOUT_FULL.messagesPerUser),
  rate: argument('rate', WS_FANOUT_FULL.rate),
  replicas: argument('replicas', WS_FANOUT_FULL.replicas),
  ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${formatResult(result)}\n`);
const lossless = result.figures
  .filter((figure) => ['lost messages', 'lost acks', 'messages stored'].includes(figure.name))
  .every((figure) => figure.met === true);
process.exit(lossless ? 0 : 1);
