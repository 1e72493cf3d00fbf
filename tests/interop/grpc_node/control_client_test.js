// An independent client of udplab's control plane on a gRPC stack udplab did not write
// (@grpc/grpc-js with @grpc/proto-loader), proving wire compatibility: unary and server-streaming
// calls, errors, authentication, the standard health service and server reflection.
//
//   node control_client_test.js --address 127.0.0.1:PORT --proto-dir DIR [--token TOKEN]
'use strict';

const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const healthCheck = require('grpc-health-check');
const { GrpcReflection } = require('grpc-js-reflection-client');

function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!out.address || !out['proto-dir']) throw new Error('usage: --address HOST:PORT --proto-dir DIR [--token T]');
  return out;
}

let checks = 0;
function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
  checks++;
}

const loaderOptions = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true };

function unary(client, method, request, metadata) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: Date.now() + 30000 }, (err, resp) => (err ? reject(err) : resolve(resp)));
  });
}

function stream(client, method, request, metadata) {
  return new Promise((resolve, reject) => {
    const items = [];
    const call = client[method](request, metadata);
    call.on('data', (item) => items.push(item));
    call.on('error', reject);
    call.on('end', () => resolve(items));
  });
}

// The default experiment, written as the message itself.
const scenario = {
  name: 'node-client',
  seed: 1,
  duration: '30s',
  hosts: [{ name: 'client' }, { name: 'server' }],
  links: [{
    name: 'wan', a: 'client', a_address: '10.0.0.1/24', b: 'server', b_address: '10.0.0.2/24',
    a_to_b: { delay: '20ms', loss_percent: 5, reorder_percent: 10 },
    b_to_a: { delay: '20ms', loss_percent: 5 },
  }],
  workloads: [
    { host: 'server', echo_server: { port: 7 } },
    { host: 'client', start: '100ms', echo_ping: { target: '10.0.0.2:7', count: 200, interval: '10ms', timeout: '500ms' } },
  ],
};

async function main() {
  const a = args();
  const creds = grpc.credentials.createInsecure();
  const metadata = new grpc.Metadata();
  if (a.token) metadata.add('authorization', 'Bearer ' + a.token);

  // Health: the standard service, as load balancers and orchestrators call it.
  const healthDef = protoLoader.loadSync(healthCheck.protoPath, loaderOptions);
  const Health = grpc.loadPackageDefinition(healthDef).grpc.health.v1.Health;
  const health = new Health(a.address, creds);
  const status = await unary(health, 'Check', { service: '' }, new grpc.Metadata());
  check(status.status === 'SERVING', 'health status SERVING, got ' + status.status);
  const control = await unary(health, 'Check', { service: 'udplab.v1.Control' }, new grpc.Metadata());
  check(control.status === 'SERVING', 'udplab.v1.Control health SERVING, got ' + control.status);

  // Reflection: discover the API without any proto file.
  const reflection = new GrpcReflection(a.address, creds);
  const services = await reflection.listServices();
  check(services.includes('udplab.v1.Control'), 'reflection lists udplab.v1.Control: ' + services);
  check(services.includes('grpc.health.v1.Health'), 'reflection lists the health service');

  const def = protoLoader.loadSync('udplab/v1/control.proto', {
    ...loaderOptions,
    includeDirs: [a['proto-dir']],
  });
  const Control = grpc.loadPackageDefinition(def).udplab.v1.Control;
  const client = new Control(a.address, creds);

  if (a.token) {
    let code = null;
    try {
      await unary(client, 'GetServerInfo', {}, new grpc.Metadata());
    } catch (e) {
      code = e.code;
    }
    check(code === grpc.status.UNAUTHENTICATED, 'a call without the token is UNAUTHENTICATED, got ' + code);
  }

  const info = await unary(client, 'GetServerInfo', {}, metadata);
  check(info.version.length > 0, 'server info has a version');
  check(info.capabilities.includes('simulation'), 'server can simulate');
  check(info.authentication_required === Boolean(a.token), 'authentication_required matches');

  const bad = JSON.parse(JSON.stringify(scenario));
  bad.workloads[1].host = 'nobody';
  const validation = await unary(client, 'ValidateScenario', { scenario: bad }, metadata);
  check(validation.valid === false && validation.field === 'workloads[1].host', 'validation names the field: ' + JSON.stringify(validation));

  let invalid = null;
  try {
    await unary(client, 'StartSimulation', { scenario: bad }, metadata);
  } catch (e) {
    invalid = e;
  }
  check(invalid && invalid.code === grpc.status.INVALID_ARGUMENT, 'invalid scenario gives INVALID_ARGUMENT');
  check(invalid.details.includes('workloads[1].host'), 'the error names the field: ' + invalid.details);

  const run = await unary(client, 'StartSimulation', { scenario }, metadata);
  check(run.run_id.startsWith('sim-') && run.state === 'RUNNING', 'a run starts: ' + JSON.stringify(run));

  const events = await stream(client, 'StreamEvents', { run_id: run.run_id }, metadata);
  check(events.length > 500, 'many events streamed: ' + events.length);
  check(events.every((e, i) => e.seq === i + 1), 'events numbered from 1 in order');
  const last = events[events.length - 1];
  check(last.kind === 'state' && last.state.state === 'SUCCEEDED', 'the last event says SUCCEEDED');
  const traces = events.filter((e) => e.kind === 'trace').length;
  const replies = events.filter((e) => e.kind === 'workload' && e.workload.kind === 'reply').length;

  const report = await unary(client, 'GetReport', { run_id: run.run_id }, metadata);
  check(report.report === 'simulation', 'a simulation report');
  const ping = report.simulation.workloads[1].echo_ping;
  check(ping.sent === 200, 'the ping sent 200 probes');
  check(ping.received === replies, 'one reply event per probe received');
  check(report.simulation.trace_events === traces, 'one trace event per trace record');

  const chunks = await stream(client, 'GetTrace', { run_id: run.run_id, format: 'JSONL' }, metadata);
  const text = Buffer.concat(chunks.map((c) => c.data)).toString('utf8');
  check(text.split('\n').filter((l) => l.length).length === traces, 'the JSON Lines trace has every event');
  const pcap = Buffer.concat((await stream(client, 'GetTrace', { run_id: run.run_id, format: 'PCAPNG' }, metadata)).map((c) => c.data));
  check(pcap.readUInt32LE(0) === 0x0a0d0d0a, 'the capture is pcapng');

  const list = await unary(client, 'ListRuns', {}, metadata);
  check(list.runs.some((r) => r.run_id === run.run_id && r.state === 'SUCCEEDED'), 'the run is listed');

  // Live runs of the newer kinds: discovery finds an echo server the agent itself runs, on
  // loopback's broadcast address; a TFTP transfer without the agent's --tftp-root is refused.
  check(info.capabilities.includes('live.discover'), 'server can discover');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const echo = await unary(client, 'StartLive', {
    echo_server: { options: { port, name: 'node-echo' }, bind: '0.0.0.0', duration: '20s' },
  }, metadata);
  check(echo.run_id.startsWith('live-'), 'an echo server run starts');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const discover = await unary(client, 'StartLive', {
    discover: { options: { to: ['127.255.255.255'], port, timeout: '500ms' } },
  }, metadata);
  const found = (await stream(client, 'StreamEvents', { run_id: discover.run_id }, metadata))
    .filter((e) => e.kind === 'workload' && e.workload.kind === 'found');
  check(found.length === 1 && JSON.parse(found[0].workload.json).name === 'node-echo', 'discovery found the echo server');
  const discovered = await unary(client, 'GetReport', { run_id: discover.run_id }, metadata);
  check(discovered.report === 'live' && discovered.live.discover.responders[0].name === 'node-echo',
    'the report is a DiscoverReport: ' + JSON.stringify(discovered.live));
  await unary(client, 'CancelRun', { run_id: echo.run_id }, metadata);
  let refused = null;
  try {
    await unary(client, 'StartLive', {
      tftp_transfer: { operation: 'TFTP_GET', options: { server: '127.0.0.1:6969', remote: 'x' } },
    }, metadata);
  } catch (e) {
    refused = e;
  }
  check(refused && refused.code === grpc.status.FAILED_PRECONDITION && refused.details.includes('--tftp-root'),
    'a TFTP transfer without a TFTP root is FAILED_PRECONDITION');

  let notFound = null;
  try {
    await unary(client, 'GetReport', { run_id: 'sim-nope' }, metadata);
  } catch (e) {
    notFound = e.code;
  }
  check(notFound === grpc.status.NOT_FOUND, 'unknown runs are NOT_FOUND');
  console.log('ok: ' + checks + ' checks passed');
}

main().then(() => process.exit(0), (err) => {
  console.error('FAILED: ' + (err && err.message ? err.message : err));
  process.exit(1);
});
