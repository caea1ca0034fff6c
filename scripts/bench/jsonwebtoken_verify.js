// npm jsonwebtoken as a peer for scripts/bench.sh: verifies HS256 tokens (signature and exp).
//
//   NODE_PATH=DIR/node_modules node jsonwebtoken_verify.js KEYFILE TOKENS NOW PASSES
//
// One untimed warm-up pass over the tokens (one per line, also the JIT's warm-up), then
// PASSES timed passes; prints "NS_PER_TOKEN VALID" (the median pass, and how many tokens
// were valid in it). Only the loop is timed. The key is made a KeyObject once, the way
// that costs jsonwebtoken least (given a Buffer, it tries to parse it as a public key on
// every call); exp is checked against NOW (clockTimestamp).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const jwt = require('jsonwebtoken');

const [keyfile, tokensPath, now, passes] = process.argv.slice(2);
const key = crypto.createSecretKey(fs.readFileSync(keyfile));
const tokens = fs.readFileSync(tokensPath, 'ascii').split('\n').filter((line) => line !== '');
const options = { algorithms: ['HS256'], clockTimestamp: Number(now) };

const results = [];
for (let pass = 0; pass <= Number(passes); pass++) {
  let valid = 0;
  const start = process.hrtime.bigint();
  for (const token of tokens) {
    try {
      jwt.verify(token, key, options);
      valid++;
    } catch (e) {
      if (!(e instanceof jwt.JsonWebTokenError)) throw e;
    }
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  if (pass > 0) results.push([elapsed / tokens.length, valid]);
}
const sorted = results.map(([ns]) => ns).sort((a, b) => a - b);
const mid = sorted.length >> 1;
const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
console.log(`${median.toFixed(1)} ${results[0][1]}`);
