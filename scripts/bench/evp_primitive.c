/* The bare JWS signature operation for scripts/bench.sh: OpenSSL's EVP over the signing inputs
 * (and signatures) of a file of tokens, with nothing of a JWT around it, to set jwtool's per-token
 * time against the very operation it does (openssl speed signs a short digest, without the
 * message's hash and, for RSA, only with PKCS#1 v1.5 padding).
 *
 *   evp_primitive sign|verify KEYFILE ALG TOKENS PASSES
 *
 * KEYFILE is a PEM private key (sign) or public key (verify); ALG RS256, PS256 (salt as long as
 * the hash), ES256 or EdDSA. The context is prepared once, as jwtool does, and each operation
 * works on a copy of it (EVP_MD_CTX_copy_ex into one reused context). Before the clock starts:
 * the signatures are base64url-decoded and ES256's R||S turned into DER. One untimed warm-up
 * pass, then PASSES timed ones; prints "NS_PER_OP CPU_NS_PER_OP OK" (the median pass's wall time
 * and the median process CPU time per operation, and how many signatures verified, or were
 * made, in the first timed pass).
 *
 * Built by scripts/bench.sh with: cc -O2 evp_primitive.c -lcrypto
 */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const char *what) {
	fprintf(stderr, "evp_primitive: %s\n", what);
	exit(2);
}

static char *read_all(const char *path, size_t *size) {
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open a file");
	size_t cap = 1 << 20, len = 0, n;
	char *buf = malloc(cap);
	while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		die("out of memory");
	buf[len] = '\0';
	*size = len;
	return buf;
}

static int base64url_value(int c) {
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '-' ? 62 : c == '_' ? 63 : -1;
}

/* Unpadded base64url text into out (room enough); returns the bytes written. */
static size_t base64url_decode(const char *text, size_t len, unsigned char *out) {
	size_t n = 0;
	unsigned bits = 0, value = 0;
	for (size_t i = 0; i < len; i++) {
		int v = base64url_value((unsigned char)text[i]);
		if (v < 0)
			die("a signature is not base64url");
		value = (value << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(value >> bits);
		}
	}
	return n;
}

/* ES256: the JWS R||S as DER, which is what OpenSSL verifies. */
static size_t jws_to_der(const unsigned char *rs, size_t len, unsigned char *out) {
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(rs, (int)(len / 2), NULL), *s = BN_bin2bn(rs + len / 2, (int)(len / 2), NULL);
	if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1)
		die("ECDSA signature conversion");
	unsigned char *cursor = out;
	int n = i2d_ECDSA_SIG(sig, &cursor);
	ECDSA_SIG_free(sig);
	if (n <= 0)
		die("ECDSA signature conversion");
	return (size_t)n;
}

static int compare_double(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_of(const double *values, int n) {
	double sorted[n];
	memcpy(sorted, values, sizeof sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, compare_double);
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static double seconds_of(clockid_t clock) {
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct item {
	const char *input; /* header.payload */
	size_t input_len;
	unsigned char *sig;
	size_t sig_len;
};

int main(int argc, char **argv) {
	if (argc != 6 || (strcmp(argv[1], "sign") != 0 && strcmp(argv[1], "verify") != 0)) {
		fprintf(stderr, "usage: evp_primitive sign|verify KEYFILE ALG TOKENS PASSES\n");
		return 2;
	}
	const int signing = strcmp(argv[1], "sign") == 0;
	const char *alg = argv[3];
	const int passes = atoi(argv[5]);
	if (passes < 1)
		die("PASSES must be at least 1");
	const int rsa = strcmp(alg, "RS256") == 0 || strcmp(alg, "PS256") == 0;
	const int pss = strcmp(alg, "PS256") == 0;
	const int ecdsa = strcmp(alg, "ES256") == 0;
	const int eddsa = strcmp(alg, "EdDSA") == 0;
	if (!rsa && !ecdsa && !eddsa)
		die("ALG must be RS256, PS256, ES256 or EdDSA");

	size_t key_size;
	char *key_text = read_all(argv[2], &key_size);
	BIO *bio = BIO_new_mem_buf(key_text, (int)key_size);
	EVP_PKEY *key = signing ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (!key)
		die("cannot read the key");

	size_t size;
	char *text = read_all(argv[4], &size);
	size_t count = 0;
	for (size_t i = 0; i < size; i++)
		count += text[i] == '\n';
	struct item *items = calloc(count + 1, sizeof *items);
	if (!items)
		die("out of memory");
	size_t n = 0;
	for (char *line = text; *line && n <= count;) {
		char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		char *dot = end;
		while (dot > line && dot[-1] != '.')
			dot--;
		if (dot == line)
			die("a line is not a token");
		items[n].input = line;
		items[n].input_len = (size_t)(dot - 1 - line);
		unsigned char raw[1024];
		if ((size_t)(end - dot) > sizeof raw * 4 / 3)
			die("a signature is too long");
		size_t raw_len = base64url_decode(dot, (size_t)(end - dot), raw);
		items[n].sig = malloc(1024);
		if (!items[n].sig)
			die("out of memory");
		if (ecdsa) {
			items[n].sig_len = jws_to_der(raw, raw_len, items[n].sig);
		} else {
			memcpy(items[n].sig, raw, raw_len);
			items[n].sig_len = raw_len;
		}
		n++;
		line = *end ? end + 1 : end;
	}
	if (n == 0)
		die("no tokens");

	EVP_MD_CTX *prepared = EVP_MD_CTX_new(), *work = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	const char *md = eddsa ? NULL : "SHA256";
	int ok = prepared && work &&
	         (signing ? EVP_DigestSignInit_ex(prepared, &pctx, md, NULL, NULL, key, NULL)
	                  : EVP_DigestVerifyInit_ex(prepared, &pctx, md, NULL, NULL, key, NULL)) == 1;
	if (ok && rsa)
		ok = EVP_PKEY_CTX_set_rsa_padding(pctx, pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) == 1;
	if (ok && pss)
		ok = EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
		     EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, md, NULL) == 1;
	if (!ok)
		die("cannot prepare the signature context");

	unsigned char out[1024];
	double *ns = malloc((size_t)passes * sizeof *ns), *cpu_ns = malloc((size_t)passes * sizeof *cpu_ns);
	long first_ok = 0;
	if (!ns || !cpu_ns)
		die("out of memory");
	for (int pass = -1; pass < passes; pass++) {
		long good = 0;
		double start = seconds_of(CLOCK_MONOTONIC), cpu_start = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
		for (size_t i = 0; i < n; i++) {
			if (EVP_MD_CTX_copy_ex(work, prepared) != 1)
				die("context copy failed");
			const unsigned char *input = (const unsigned char *)items[i].input;
			if (signing) {
				size_t out_len = sizeof out;
				good += EVP_DigestSign(work, out, &out_len, input, items[i].input_len) == 1;
			} else {
				good += EVP_DigestVerify(work, items[i].sig, items[i].sig_len, input, items[i].input_len) == 1;
			}
		}
		double cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu_start, elapsed = seconds_of(CLOCK_MONOTONIC) - start;
		if (pass >= 0) {
			ns[pass] = elapsed * 1e9 / (double)n;
			cpu_ns[pass] = cpu * 1e9 / (double)n;
			if (pass == 0)
				first_ok = good;
		}
	}
	printf("%.1f %.1f %ld\n", median_of(ns, passes), median_of(cpu_ns, passes), first_ok);
	return 0;
}
