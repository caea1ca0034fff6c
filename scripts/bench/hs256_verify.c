/* The floor of one process verifying one HS256 token, for scripts/bench.sh: HMAC-SHA-256 over
 * OpenSSL's low-level SHA-256 functions (the same assembly as jwtool's, SHA-NI where the CPU has
 * it) and a constant-time compare of the signature; no JSON, no claims, no exp.
 *
 *   hs256_verify KEYFILE TOKEN    exit 0 when the signature matches, 1 when not, 2 on an error
 *
 * Built by scripts/bench.sh with: cc -O2 -static hs256_verify.c -l:libcrypto.a
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#define MAX_KEY 4096

/* base64url without padding into out (at most cap bytes); the length, or -1. */
static long b64url_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
	unsigned long acc = 0;
	int bits = 0;
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)in[i], v;
		if (c >= 'A' && c <= 'Z') v = c - 'A';
		else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
		else if (c >= '0' && c <= '9') v = c - '0' + 52;
		else if (c == '-') v = 62;
		else if (c == '_') v = 63;
		else return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap) return -1;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return (long)n;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: hs256_verify KEYFILE TOKEN\n", stderr);
		return 2;
	}
	unsigned char key[MAX_KEY];
	FILE *f = fopen(argv[1], "rb");
	if (f == NULL) return 2;
	size_t key_len = fread(key, 1, sizeof key, f);
	fclose(f);
	if (key_len > SHA256_CBLOCK) {
		SHA256_CTX kctx;
		SHA256_Init(&kctx);
		SHA256_Update(&kctx, key, key_len);
		SHA256_Final(key, &kctx);
		key_len = SHA256_DIGEST_LENGTH;
	}
	const char *token = argv[2];
	const char *dot = strrchr(token, '.');
	if (dot == NULL) return 1;
	unsigned char sig[64];
	if (b64url_decode(dot + 1, strlen(dot + 1), sig, sizeof sig) != SHA256_DIGEST_LENGTH) return 1;

	unsigned char pad[SHA256_CBLOCK], mac[SHA256_DIGEST_LENGTH];
	SHA256_CTX ctx;
	memset(pad, 0x36, sizeof pad);
	for (size_t i = 0; i < key_len; i++) pad[i] ^= key[i];
	SHA256_Init(&ctx);
	SHA256_Update(&ctx, pad, sizeof pad);
	SHA256_Update(&ctx, token, (size_t)(dot - token));
	SHA256_Final(mac, &ctx);
	memset(pad, 0x5c, sizeof pad);
	for (size_t i = 0; i < key_len; i++) pad[i] ^= key[i];
	SHA256_Init(&ctx);
	SHA256_Update(&ctx, pad, sizeof pad);
	SHA256_Update(&ctx, mac, sizeof mac);
	SHA256_Final(mac, &ctx);

	unsigned char diff = 0;
	for (size_t i = 0; i < sizeof mac; i++) diff |= (unsigned char)(mac[i] ^ sig[i]);
	return diff == 0 ? 0 : 1;
}
