// The jose npm package as an interoperability peer of jwtool.
//
//   node jose_peer.mjs mint ALG KEYFILE CLAIMSFILE      print a token signed by jose
//   node jose_peer.mjs verify ALG KEYFILE NOW TOKEN     verify TOKEN with jose, ALG only
//
// 'jose' is imported by name, so this file must run from a folder whose node_modules holds it
// (ES modules ignore NODE_PATH): test_interop.sh copies it next to the node_modules that
// `npm install --prefix` made. Works with jose 5 and 6. KEYFILE holds the secret and one
// trailing newline, which is dropped (as jwtool does). verify never reads the wall clock:
// jwtVerify gets currentDate = NOW (Unix seconds), so jose checks exp and nbf against it; iat
// in the future is refused here against the same NOW. It prints one JSON line,
// {"ok": true, "header": ..., "payload": ...} and exits 0, or
// {"ok": false, "error": <error code>, "message": ...} and exits 1.
import { readFileSync } from 'node:fs';
import { SignJWT, jwtVerify } from 'jose';

function readKey(path) {
  let key = readFileSync(path);
  if (key.length > 0 && key[key.length - 1] === 0x0a) key = key.subarray(0, key.length - 1);
  return new Uint8Array(key);
}

async function mint(alg, keyFile, claimsFile) {
  const claims = JSON.parse(readFileSync(claimsFile, 'utf8'));
  const token = await new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(readKey(keyFile));
  process.stdout.write(token + '\n');
  return 0;
}

async function verify(alg, keyFile, now, token) {
  const nowSeconds = Number(now);
  try {
    const { payload, protectedHeader } = await jwtVerify(token, readKey(keyFile), {
      algorithms: [alg],
      currentDate: new Date(nowSeconds * 1000),
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    if (payload.iat > nowSeconds) {
      const e = new Error('"iat" claim is in the future');
      e.code = 'IAT_IN_FUTURE';
      throw e;
    }
    process.stdout.write(JSON.stringify({ ok: true, header: protectedHeader, payload }) + '\n');
    return 0;
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: e.code ?? e.name, message: e.message }) + '\n');
    return 1;
  }
}

const [cmd, ...args] = process.argv.slice(2);
let rc;
if (cmd === 'mint' && args.length === 3) rc = await mint(...args);
else if (cmd === 'verify' && args.length === 4) rc = await verify(...args);
else {
  process.stderr.write('usage: jose_peer.mjs mint ALG KEYFILE CLAIMSFILE | verify ALG KEYFILE NOW TOKEN\n');
  rc = 2;
}
process.exit(rc);
