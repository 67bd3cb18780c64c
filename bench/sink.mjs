// A webhook sink for the notification benchmark: answers 200 at once and records when each
// alert's notification arrived (epoch ms, the same clock as the benchmark process).
import http from 'node:http'

const arrivals = []
const server = http.createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const at = Date.now()
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      arrivals.push([body.alert.job, body.type, at])
    } catch {}
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end('ok')
  })
})
server.listen(0, '127.0.0.1', () => {
  console.log(`backwatch listening on http://127.0.0.1:${server.address().port}`)
})
process.on('message', () => process.send(arrivals))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
