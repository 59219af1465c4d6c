// Oracle: the official @slack/socket-mode client against the C# fake Socket Mode server.
// Usage: node socket-mode-oracle.mjs http://127.0.0.1:PORT/api/
// Connects, acks one events_api envelope (bolt-style ack()), acks one slash_commands envelope with a payload,
// then after a server `disconnect` (refresh_requested) reconnects (second apps.connections.open + hello) and exits 0.
// Any failure, or 20 s without finishing, exits 1.
import { SocketModeClient, LogLevel } from '@slack/socket-mode';

const apiUrl = process.argv[2];
if (!apiUrl || !apiUrl.endsWith('/')) {
  console.error('usage: node socket-mode-oracle.mjs <slackApiUrl ending in />');
  process.exit(1);
}

const timer = setTimeout(() => {
  console.error('timeout after 20 s');
  process.exit(1);
}, 20_000);

const client = new SocketModeClient({
  appToken: 'xapp-1-TEST',
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: apiUrl },
});

let connections = 0;
let eventAcked = false;
let commandAcked = false;

function finishIfDone() {
  if (connections >= 2 && eventAcked && commandAcked) {
    clearTimeout(timer);
    console.log('done');
    client.disconnect().finally(() => process.exit(0));
  }
}

client.on('connected', () => {
  connections += 1;
  console.log(`connected ${connections}`);
  finishIfDone();
});

client.on('slack_event', async ({ ack, type, body, envelope_id }) => {
  try {
    if (type === 'events_api') {
      if (body?.type !== 'event_callback') throw new Error(`unexpected events_api body ${JSON.stringify(body)}`);
      await ack();
      eventAcked = true;
    } else if (type === 'slash_commands') {
      if (body?.command !== '/win') throw new Error(`unexpected command ${JSON.stringify(body)}`);
      await ack({ response_type: 'ephemeral', text: 'ok' });
      commandAcked = true;
    } else {
      throw new Error(`unexpected envelope type ${type}`);
    }
    console.log(`acked ${type} ${envelope_id}`);
    finishIfDone();
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
});

client.on('error', (error) => {
  console.error('client error', error);
});

try {
  await client.start();
} catch (error) {
  console.error('start failed', error);
  process.exit(1);
}
