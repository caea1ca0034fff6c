// The jose npm package as an interoperability peer of jwtool.
//
//   node jose_peer.mjs mint ALG KEYFILE CLAIMSFILE [KID]   print a token signed by jose
//   node jose_peer.mjs verify ALG KEYFILE NOW TOKEN        verify TOKEN with jose, ALG only
//   node jose_peer.mjs jwk ALG PEMFILE                     print the public JWK of a PEM key
//
// 'jose' is imported by name (JOSE_MODULE names another, e.g. jose5: scripts/interop-deps.sh
// installs jose 5 under that name for ES256K and Ed448, which jose 6 lacks), so this file must
// run from a folder whose node_modules holds it (ES modules ignore NODE_PATH):
// scripts/interop-deps.sh copies it next to the node_modules it made. Works with jose 5 and 6.
//
// For HS256/384/512, KEYFILE holds the secret and one trailing newline, which is dropped (as
// jwtool does). For the other algorithms, mint takes a PKCS#8 PEM private key (KID, when
// given, goes in the header), verify a SubjectPublicKeyInfo PEM, an X.509 certificate, a JWK,
// or a JWK Set (jose picks its key by the token's kid and alg), and jwk a PEM public key; jwk
// prints the key with alg, use "sig" and kid, its RFC 7638 thumbprint.
//
// verify never reads the wall clock: jwtVerify gets currentDate = NOW (Unix seconds), so jose
// checks exp and nbf against it; iat in the future is refused here against the same NOW. It
// prints one JSON line, {"ok": true, "header": ..., "payload": ...} and exits 0, or
// {"ok": false, "error": <error code>, "message": ...} and exits 1.
import { readFileSync } from 'node:fs';

const jose = await import(process.env.JOSE_MODULE || 'jose');

const isHmac = (alg) => alg.startsWith('HS');

function readSecret(path) {
  let key = readFileSync(path);
  if (key.length > 0 && key[key.length - 1] === 0x0a) key = key.subarray(0, key.length - 1);
  return new Uint8Array(key);
}

function signingKey(alg, path) {
  return isHmac(alg) ? readSecret(path) : jose.importPKCS8(readFileSync(path, 'utf8'), alg);
}

// A key, or for a JWK Set a function of the token's header that picks one (jose's local set).
async function verificationKey(alg, path) {
  if (isHmac(alg)) return readSecret(path);
  const text = readFileSync(path, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const jwk = JSON.parse(text);
    return jwk.keys ? jose.createLocalJWKSet(jwk) : jose.importJWK(jwk, alg);
  }
  if (text.includes('BEGIN CERTIFICATE')) return jose.importX509(text, alg);
  return jose.importSPKI(text, alg);
}

async function mint(alg, keyFile, claimsFile, kid) {
  const claims = JSON.parse(readFileSync(claimsFile, 'utf8'));
  const header = kid ? { alg, typ: 'JWT', kid } : { alg, typ: 'JWT' };
  const token = await new jose.SignJWT(claims).setProtectedHeader(header).sign(await signingKey(alg, keyFile));
  process.stdout.write(token + '\n');
  return 0;
}

async function verify(alg, keyFile, now, token) {
  const nowSeconds = Number(now);
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(token, await verificationKey(alg, keyFile), {
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

async function jwk(alg, pemFile) {
  const key = await jose.importSPKI(readFileSync(pemFile, 'utf8'), alg, { extractable: true });
  const exported = await jose.exportJWK(key);
  const kid = await jose.calculateJwkThumbprint(exported, 'sha256');
  process.stdout.write(JSON.stringify({ ...exported, alg, use: 'sig', kid }) + '\n');
  return 0;
}

const [cmd, ...args] = process.argv.slice(2);
let rc;
if (cmd === 'mint' && (args.length === 3 || args.length === 4)) rc = await mint(...args);
else if (cmd === 'verify' && args.length === 4) rc = await verify(...args);
else if (cmd === 'jwk' && args.length === 2) rc = await jwk(...args);
else {
  process.stderr.write(
    'usage: jose_peer.mjs mint ALG KEYFILE CLAIMSFILE [KID] | verify ALG KEYFILE NOW TOKEN | jwk ALG PEMFILE\n',
  );
  rc = 2;
}
process.exit(rc);
