// Sends one of each Segment call through the official Node library to the service. The only change a partner makes
// to an existing integration is the host: `host: BASE` (and the service's write key).
//   BASE=http://localhost:8080 WRITE_KEY=wk_… [RUN=demo] [MAX_RETRIES=3] node send.mjs
// Prints one line of JSON: the HTTP statuses the library saw and the messages it delivered or gave up on.
import { Analytics } from '@segment/analytics-node'

const base = process.env.BASE ?? 'http://localhost:8080'
const writeKey = process.env.WRITE_KEY
if (!writeKey) {
  console.error('Set WRITE_KEY (POST /v1/admin/projects/{projectId}/sdk-apps/{sdkAppId}/write-keys creates one)')
  process.exit(2)
}
const run = process.env.RUN ?? `demo-${Date.now()}`
const analytics = new Analytics({
  writeKey,
  host: base,
  maxRetries: Number(process.env.MAX_RETRIES ?? 3),
  flushAt: 6,
})

const statuses = []
analytics.on('http_response', (r) => statuses.push(r.status))
const delivered = []
const failed = []

const at = '2026-12-01T10:00:00.000Z'
const user = `user-${run}`
const anon = `anon-${run}`
analytics.track({ messageId: `${run}-track`, userId: user, anonymousId: anon, timestamp: at, event: 'Purchase',
  properties: { revenue: 4.99, currency: 'EUR', product_id: 'coins_500' },
  context: { os: { name: 'Android', version: '14' }, device: { model: 'Pixel 8' }, app: { version: '2.1.0' } } },
  (err) => (err ? failed : delivered).push('track'))
analytics.identify({ messageId: `${run}-identify`, userId: user, timestamp: at,
  traits: { plan: 'trial', email: 'bob@example.com' } }, (err) => (err ? failed : delivered).push('identify'))
analytics.page({ messageId: `${run}-page`, anonymousId: anon, timestamp: at, category: 'Docs', name: 'Pricing',
  properties: { url: 'https://example.com/pricing' } }, (err) => (err ? failed : delivered).push('page'))
analytics.screen({ messageId: `${run}-screen`, userId: user, timestamp: at, name: 'Settings' },
  (err) => (err ? failed : delivered).push('screen'))
analytics.group({ messageId: `${run}-group`, userId: user, timestamp: at, groupId: 'acme', traits: { name: 'Acme' } },
  (err) => (err ? failed : delivered).push('group'))
analytics.alias({ messageId: `${run}-alias`, userId: user, previousId: anon, timestamp: at },
  (err) => (err ? failed : delivered).push('alias'))

await analytics.closeAndFlush({ timeout: 60000 })
console.log(JSON.stringify({ statuses, delivered: delivered.sort(), failed: failed.sort() }))
process.exit(failed.length === 0 ? 0 : 1)
