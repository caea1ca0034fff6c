// npm jsonwebtoken as a peer for scripts/bench.sh: verifies tokens (signature and exp).
//
//   NODE_PATH=DIR/node_modules node jsonwebtoken_verify.js KEYFILE TOKENS NOW PASSES [ALG]
//
// ALG is HS256 (the default: KEYFILE holds the secret's bytes) or RS256, PS256 or ES256
// (KEYFILE holds a PEM public key); jsonwebtoken 9 has no EdDSA, so that exits 3. One untimed
// warm-up pass over the tokens (one per line, also the JIT's warm-up), then PASSES timed
// passes; prints "NS_PER_TOKEN CPU_NS_PER_TOKEN VALID" (the median pass's wall time and the
// median process CPU time per token, and how many tokens were valid in the first timed pass).
// Only the loop is timed. The key is made a KeyObject once, the way that costs jsonwebtoken
// least (given a Buffer or PEM text, it parses it on every call); exp is checked against NOW
// (clockTimestamp).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const jwt = require('jsonwebtoken');

const [keyfile, tokensPath, now, passes, alg = 'HS256'] = process.argv.slice(2);
if (!/^(HS|RS|PS|ES)(256|384|512)$/.test(alg)) {
  console.error(`jsonwebtoken_verify: jsonwebtoken does not support ${alg}`);
  process.exit(3);
}
const keyBytes = fs.readFileSync(keyfile);
const key = alg.startsWith('HS') ? crypto.createSecretKey(keyBytes) : crypto.createPublicKey(keyBytes);
const tokens = fs.readFileSync(tokensPath, 'ascii').split('\n').filter((line) => line !== '');
const options = { algorithms: [alg], clockTimestamp: Number(now) };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = [];
for (let pass = 0; pass <= Number(passes); pass++) {
  let valid = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (const token of tokens) {
    try {
      jwt.verify(token, key, options);
      valid++;
    } catch (e) {
      if (!(e instanceof jwt.JsonWebTokenError)) throw e;
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const elapsed = Number(process.hrtime.bigint() - start);
  if (pass > 0) {
    results.push([elapsed / tokens.length, ((cpu.user + cpu.system) * 1000) / tokens.length, valid]);
  }
}
const wall = median(results.map(([ns]) => ns));
const cpu = median(results.map(([, ns]) => ns));
console.log(`${wall.toFixed(1)} ${cpu.toFixed(1)} ${results[0][2]}`);
