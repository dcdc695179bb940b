/**
 * A single-node Apache Kafka broker (KRaft: controller and broker in one process) for development and CI.
 *
 *   npm run kafka -- start [--port 9092]   fetch the jars (Maven Central, once), format, start, wait until it answers
 *   npm run kafka -- stop  [--port 9092]   stop it by its process id
 *   npm run kafka -- status [--port 9092]  exit 0 when running, 1 when not
 *
 * Jars: .cache/kafka/jars-<version>/ (via `mvn dependency:copy-dependencies` on a generated pom).
 * State: .cache/kafka/broker-<port>/ (server.properties, data/, kafka.pid, kafka.log).
 * Kafka 3.9 is pinned: kafkajs 2.2.4 speaks the 3.x protocol; Kafka 4 removed old API versions (KIP-896).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

const KAFKA_VERSION = '3.9.1';
const SLF4J_VERSION = '1.7.36';
const HEAP = ['-Xms128m', '-Xmx512m'];
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

const root = path.resolve(import.meta.dirname, '..');
const cacheDir = path.join(root, '.cache', 'kafka');
const jarsDir = path.join(cacheDir, `jars-${KAFKA_VERSION}`);

const pom = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ledgerline</groupId><artifactId>kafka-broker</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>${SLF4J_VERSION}</version></dependency>
  </dependencies>
</project>
`;

const serverProperties = (port: number, controllerPort: number, dataDir: string): string => `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${dataDir}
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0
`;

const log4jProperties = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaConfig=WARN
log4j.logger.org.apache.kafka.common.config=WARN
`;

const say = (message: string): void => void process.stdout.write(`kafka: ${message}\n`);

/** Downloads the broker's runtime jars once; a marker file tells a complete download. */
const fetchJars = (): void => {
  if (existsSync(path.join(jarsDir, '.complete'))) return;
  say(`fetching Kafka ${KAFKA_VERSION} jars from Maven Central into ${path.relative(root, jarsDir)}`);
  const work = `${jarsDir}.tmp`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, 'pom.xml'), pom);
  const mvn = spawnSync(
    'mvn',
    ['-B', '-q', '-f', path.join(work, 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${path.join(work, 'libs')}`],
    { stdio: 'inherit' },
  );
  if (mvn.status !== 0) throw new Error(`mvn failed (exit ${String(mvn.status)}${mvn.error ? `, ${mvn.error.message}` : ''})`);
  writeFileSync(path.join(work, '.complete'), `${new Date().toISOString()}\n`);
  rmSync(jarsDir, { recursive: true, force: true });
  renameSync(work, jarsDir);
};

type Broker = Readonly<{ port: number; controllerPort: number; dir: string; dataDir: string; pidFile: string; logFile: string; config: string }>;

const broker = (port: number, controllerPort: number): Broker => {
  const dir = path.join(cacheDir, `broker-${port}`);
  return { port, controllerPort, dir, dataDir: path.join(dir, 'data'), pidFile: path.join(dir, 'kafka.pid'), logFile: path.join(dir, 'kafka.log'), config: path.join(dir, 'server.properties') };
};

const java = (b: Broker, args: readonly string[]): string[] => [...HEAP, '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${path.join(b.dir, 'log4j.properties')}`, '-cp', path.join(jarsDir, 'libs', '*'), ...args];

/** Writes the configuration and formats the KRaft storage when it was never formatted. */
const prepare = (b: Broker): void => {
  mkdirSync(b.dir, { recursive: true });
  writeFileSync(b.config, serverProperties(b.port, b.controllerPort, b.dataDir));
  writeFileSync(path.join(b.dir, 'log4j.properties'), log4jProperties);
  if (existsSync(path.join(b.dataDir, 'meta.properties'))) return;
  const clusterId = randomBytes(16).toString('base64url');
  const format = spawnSync('java', java(b, ['kafka.tools.StorageTool', 'format', '--ignore-formatted', '-t', clusterId, '-c', b.config]), { encoding: 'utf8' });
  if (format.status !== 0) throw new Error(`formatting ${b.dataDir} failed:\n${format.stdout}${format.stderr}`);
  say(`formatted ${path.relative(root, b.dataDir)} (cluster ${clusterId})`);
};

/** The broker's pid when its pid file names a live Kafka process. */
const runningPid = (b: Broker): number | null => {
  if (!existsSync(b.pidFile)) return null;
  const pid = Number(readFileSync(b.pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes('kafka.Kafka') ? pid : null;
};

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const logTail = (b: Broker): string => (existsSync(b.logFile) ? readFileSync(b.logFile, 'utf8').split('\n').slice(-30).join('\n') : '(no log)');

const start = async (b: Broker): Promise<void> => {
  const pid = runningPid(b);
  if (pid !== null) return say(`already running (pid ${pid}) on 127.0.0.1:${b.port}`);
  if (await answers(b.port)) return say(`127.0.0.1:${b.port} already answers (not started by this script); leaving it alone`);
  const began = Date.now();
  fetchJars();
  prepare(b);
  const out = openSync(b.logFile, 'w');
  const child = spawn('java', java(b, ['kafka.Kafka', b.config]), { detached: true, stdio: ['ignore', out, out] });
  if (child.pid === undefined) throw new Error('could not start java');
  writeFileSync(b.pidFile, `${child.pid}\n`);
  child.unref();
  while (Date.now() - began < START_TIMEOUT_MS) {
    if (runningPid(b) === null) throw new Error(`the broker exited during start; ${b.logFile}:\n${logTail(b)}`);
    if (readFileSync(b.logFile, 'utf8').includes('Kafka Server started') && (await answers(b.port))) {
      return say(`started (pid ${child.pid}) on 127.0.0.1:${b.port} in ${((Date.now() - began) / 1000).toFixed(1)} s; log ${path.relative(root, b.logFile)}`);
    }
    await sleep(200);
  }
  throw new Error(`the broker did not answer within ${START_TIMEOUT_MS / 1000} s; ${b.logFile}:\n${logTail(b)}`);
};

const stop = async (b: Broker): Promise<void> => {
  const pid = runningPid(b);
  if (pid === null) {
    rmSync(b.pidFile, { force: true });
    return say('not running');
  }
  process.kill(pid, 'SIGTERM');
  const began = Date.now();
  while (runningPid(b) !== null && Date.now() - began < STOP_TIMEOUT_MS) await sleep(200);
  if (runningPid(b) !== null) process.kill(pid, 'SIGKILL');
  rmSync(b.pidFile, { force: true });
  say(`stopped (pid ${pid})`);
};

const main = async (): Promise<number> => {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: 'string', default: '9092' }, 'controller-port': { type: 'string' } } });
  const port = Number(values.port);
  const b = broker(port, values['controller-port'] === undefined ? port + 1 : Number(values['controller-port']));
  switch (positionals[0]) {
    case 'start':
      await start(b);
      return 0;
    case 'stop':
      await stop(b);
      return 0;
    case 'status': {
      const pid = runningPid(b);
      say(pid === null ? 'not running' : `running (pid ${pid}) on 127.0.0.1:${b.port}`);
      return pid === null ? 1 : 0;
    }
    default:
      process.stderr.write('usage: tsx scripts/kafka.ts start|stop|status [--port 9092] [--controller-port <port+1>]\n');
      return 2;
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`kafka: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
