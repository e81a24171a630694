// A real Bluesky PDS on 127.0.0.1 for planner's publish tests, with an in-memory PLC directory
// (as @atproto/dev-env does). Usage: PDS_PORT=NNNN PDS_DATA_DIRECTORY=DIR node pds.js
// Prints one JSON line {"pds": URL, "plc": URL} when both answer, then runs until SIGTERM/SIGINT.
// Both servers bind 127.0.0.1 only (express would otherwise listen on all interfaces).
'use strict'

const http = require('node:http')
const path = require('node:path')
const crypto = require('node:crypto')

function loopbackOnly(app) {
  app.listen = function listen(port) {
    return http.createServer(app).listen(port, '127.0.0.1')
  }
}

async function main() {
  const { PlcServer, Database } = require('@did-plc/server')
  const { Secp256k1Keypair } = require('@atproto/crypto')
  const pdsLib = require('@atproto/pds')

  const port = Number(process.env.PDS_PORT)
  const dataDir = process.env.PDS_DATA_DIRECTORY
  if (!port || !dataDir) {
    throw new Error('set PDS_PORT and PDS_DATA_DIRECTORY')
  }

  const plc = PlcServer.create({ db: Database.mock(), port: 0 })
  loopbackOnly(plc.app)
  const plcServer = await plc.start()
  const plcUrl = `http://127.0.0.1:${plcServer.address().port}`

  const rotationKey = await Secp256k1Keypair.create({ exportable: true })
  const rotationHex = Buffer.from(await rotationKey.export()).toString('hex')
  const defaults = {
    PDS_HOSTNAME: 'localhost',
    PDS_PORT: String(port),
    PDS_DEV_MODE: 'true',
    PDS_INVITE_REQUIRED: 'false',
    PDS_BLOBSTORE_DISK_LOCATION: path.join(dataDir, 'blobs'),
    PDS_DID_PLC_URL: plcUrl,
    PDS_JWT_SECRET: crypto.randomBytes(16).toString('hex'),
    PDS_ADMIN_PASSWORD: crypto.randomBytes(16).toString('hex'),
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: rotationHex,
    PDS_RATE_LIMITS_ENABLED: 'false',
    PDS_CRAWLERS: '',
    LOG_ENABLED: 'false',
  }
  for (const [key, value] of Object.entries(defaults)) {
    if (process.env[key] === undefined) process.env[key] = value
  }
  process.env.PDS_DID_PLC_URL = plcUrl

  const env = pdsLib.readEnv()
  const pds = await pdsLib.PDS.create(pdsLib.envToCfg(env), pdsLib.envToSecrets(env))
  loopbackOnly(pds.app)
  await pds.start()

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await pds.destroy().catch(() => {})
    await plc.destroy().catch(() => {})
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // Stop when the test process that started us goes away (stdin closes).
  process.stdin.on('end', stop)
  process.stdin.resume()

  process.stdout.write(
    JSON.stringify({
      pds: `http://127.0.0.1:${port}`,
      plc: plcUrl,
      jwtSecret: process.env.PDS_JWT_SECRET,
    }) + '\n',
  )
}

main().catch((err) => {
  process.stderr.write(`pds.js: ${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
})
