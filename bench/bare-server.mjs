// Baseline: the fastest possible node:http server answering "OK" (reads the body, like Backwatch).
import http from 'node:http'

const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 2 })
    res.end('OK')
  })
})
server.listen(0, '127.0.0.1', () => {
  console.log(`backwatch listening on http://127.0.0.1:${server.address().port}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
