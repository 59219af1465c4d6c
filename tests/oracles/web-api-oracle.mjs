// Runs Slack's official @slack/web-api client against the fake Slack Web API and checks that the fake answers
// the way the client expects. Usage: node web-api-oracle.mjs <fake base URL ending in /api/>
// Exits 0 when every check passes; otherwise prints the mismatches and exits 1.
import { WebClient, ErrorCode, LogLevel } from '@slack/web-api';

const baseUrl = process.argv[2];
if (!baseUrl || !baseUrl.endsWith('/api/')) {
  console.error('usage: node web-api-oracle.mjs <fake base URL ending in /api/>');
  process.exit(2);
}

const root = new URL('../', baseUrl);
const failures = [];
const check = (condition, message) => {
  if (!condition) failures.push(message);
};

async function control(path, body) {
  const response = await fetch(new URL(path, root), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path} answered ${response.status}`);
}

async function expectError(name, call, verify) {
  try {
    await call();
    failures.push(`${name}: expected an error, the call succeeded`);
  } catch (error) {
    verify(error);
  }
}

const client = new WebClient('xoxb-TEST', {
  slackApiUrl: baseUrl,
  rejectRateLimitedCalls: true,
  retryConfig: { retries: 0 },
  logLevel: LogLevel.ERROR,
});

// 1. Normal calls.
const auth = await client.auth.test();
check(auth.ok === true && auth.team_id === 'T0TEAM' && typeof auth.user_id === 'string' && auth.bot_id, `auth.test: ${JSON.stringify(auth)}`);

const posted = await client.chat.postMessage({
  channel: 'C0ORACLE',
  text: 'a & <b>',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }],
});
check(posted.ok === true && /^\d+\.\d{6}$/.test(posted.ts ?? '') && posted.channel === 'C0ORACLE', `chat.postMessage: ${JSON.stringify(posted)}`);
check(posted.message?.blocks?.[0]?.type === 'section', `chat.postMessage echoes blocks: ${JSON.stringify(posted.message)}`);

// 2. ok:false → slack_webapi_platform_error carrying the code.
await control('_control/enqueue', { method: 'conversations.info', error: 'channel_not_found' });
await expectError('conversations.info', () => client.conversations.info({ channel: 'C404' }), (error) => {
  check(error.code === ErrorCode.PlatformError, `conversations.info: code ${error.code}, expected ${ErrorCode.PlatformError}`);
  check(error.data?.error === 'channel_not_found', `conversations.info: data.error ${error.data?.error}`);
});
await expectError('users.info', () => client.users.info({ user: 'U0NOBODY' }), (error) => {
  check(error.code === ErrorCode.PlatformError && error.data?.error === 'user_not_found', `users.info unknown: ${error.code} ${error.data?.error}`);
});

// 3. A scripted 429 → slack_webapi_rate_limited_error with retryAfter.
await control('_control/enqueue', { method: 'chat.postMessage', rate_limited: 7 });
await expectError('chat.postMessage 429', () => client.chat.postMessage({ channel: 'C0ORACLE', text: 'x' }), (error) => {
  check(error.code === ErrorCode.RateLimitedError, `429: code ${error.code}, expected ${ErrorCode.RateLimitedError}`);
  check(error.retryAfter === 7, `429: retryAfter ${error.retryAfter}, expected 7`);
});

// 4. A scripted 500 → slack_webapi_http_error with statusCode.
await control('_control/enqueue', { method: 'auth.test', server_error: 500 });
await expectError('auth.test 500', () => client.auth.test(), (error) => {
  check(error.code === ErrorCode.HTTPError && error.statusCode === 500, `500: ${error.code} ${error.statusCode}`);
});

// 5. Cursor pagination: every user across pages of two.
const ids = ['U0ORA1', 'U0ORA2', 'U0ORA3', 'U0ORA4', 'U0ORA5'];
await control('_control/users', ids.map((id, i) => ({ id, name: `oracle${i + 1}`, tz: 'Europe/Paris' })));
const seen = [];
let pages = 0;
for await (const page of client.paginate('users.list', { limit: 2 })) {
  pages += 1;
  for (const member of page.members ?? []) seen.push(member.id);
  if (pages > 20) break;
}
const oracleIds = seen.filter((id) => id.startsWith('U0ORA'));
check(JSON.stringify(oracleIds) === JSON.stringify(ids), `users.list paginate: got ${JSON.stringify(seen)}`);
check(new Set(seen).size === seen.length, `users.list paginate: duplicates in ${JSON.stringify(seen)}`);
check(pages === Math.ceil(seen.length / 2), `users.list paginate: ${pages} pages for ${seen.length} users`);

if (failures.length > 0) {
  console.error(`web-api oracle: ${failures.length} mismatch(es):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`web-api oracle: all checks passed (${pages} users.list pages, ${seen.length} users)`);
