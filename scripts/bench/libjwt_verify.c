/* libjwt 1.10 as a peer for scripts/bench.sh: verifies tokens (signature with jwt_decode,
 * then the algorithm and exp, which libjwt 1.10 does not check itself).
 *
 *   libjwt_verify loop KEYFILE TOKENS NOW PASSES [ALG]   one untimed warm-up pass over the
 *       tokens (one per line), then PASSES timed passes; prints "NS_PER_TOKEN
 *       CPU_NS_PER_TOKEN VALID" (the median pass's wall time and the median process CPU time
 *       per token, and how many tokens were valid in the first timed pass). Only the loop is
 *       timed. ALG is HS256 (the default: KEYFILE holds the secret's bytes) or one libjwt 1.10
 *       knows (RS256, ES256: KEYFILE holds a PEM public key, which libjwt parses on every
 *       call: it takes key bytes, not a key object); another exits 3.
 *   libjwt_verify one KEYFILE NOW TOKEN                  verifies one HS256 token, prints its
 *       claims as JSON; exit 0 when valid, 1 when not.
 *
 * Built by scripts/bench.sh with: cc -O2 libjwt_verify.c -ljwt
 */
#include <errno.h>
#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_KEY 4096

static unsigned char key[MAX_KEY];
static int key_len;
static jwt_alg_t expected_alg = JWT_ALG_HS256;

static void die(const char *what) {
	fprintf(stderr, "libjwt_verify: %s\n", what);
	exit(2);
}

static void read_key(const char *path) {
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open the key file");
	key_len = (int)fread(key, 1, sizeof key, f);
	fclose(f);
	if (key_len <= 0)
		die("empty key file");
}

/* 1 when TOKEN is a token of expected_alg signed with the key and not expired at NOW. The claims
 * are left in *out (NULL when invalid); the caller frees it. */
static int verify(const char *token, long now, jwt_t **out) {
	jwt_t *jwt = NULL;
	*out = NULL;
	if (jwt_decode(&jwt, token, key, key_len) != 0)
		return 0;
	if (jwt_get_alg(jwt) != expected_alg) {
		jwt_free(jwt);
		return 0;
	}
	errno = 0;
	long exp = jwt_get_grant_int(jwt, "exp");
	if (errno == ENOENT || now >= exp) {
		jwt_free(jwt);
		return 0;
	}
	*out = jwt;
	return 1;
}

static char *read_all(const char *path, size_t *size) {
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open the tokens file");
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	size_t n;
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

static int compare_double(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double seconds_of(clockid_t clock) {
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double median_of(const double *values, int n) {
	double sorted[n];
	memcpy(sorted, values, sizeof sorted);
	qsort(sorted, (size_t)n, sizeof *sorted, compare_double);
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static int loop(const char *tokens_path, long now, int passes) {
	size_t size;
	char *text = read_all(tokens_path, &size);
	size_t count = 0;
	for (char *p = text; *p; p++)
		if (*p == '\n') {
			*p = '\0';
			count++;
		}
	if (size > 0 && text[size - 1] != '\0')
		count++;
	char **tokens = malloc(count * sizeof *tokens);
	if (!tokens)
		die("out of memory");
	char *p = text;
	for (size_t i = 0; i < count; i++) {
		tokens[i] = p;
		p += strlen(p) + 1;
	}

	double *ns = malloc((size_t)passes * sizeof *ns);
	double *cpu_ns = malloc((size_t)passes * sizeof *cpu_ns);
	long *valid = malloc((size_t)passes * sizeof *valid);
	if (!ns || !cpu_ns || !valid)
		die("out of memory");
	for (int pass = -1; pass < passes; pass++) {
		long ok = 0;
		double start = seconds_of(CLOCK_MONOTONIC);
		double cpu_start = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
		for (size_t i = 0; i < count; i++) {
			jwt_t *jwt;
			ok += verify(tokens[i], now, &jwt);
			jwt_free(jwt);
		}
		double cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
		double elapsed = seconds_of(CLOCK_MONOTONIC) - start;
		if (pass >= 0) {
			ns[pass] = elapsed * 1e9 / (double)count;
			cpu_ns[pass] = cpu * 1e9 / (double)count;
			valid[pass] = ok;
		}
	}
	printf("%.1f %.1f %ld\n", median_of(ns, passes), median_of(cpu_ns, passes), valid[0]);
	free(ns);
	free(cpu_ns);
	free(valid);
	free(tokens);
	free(text);
	return 0;
}

int main(int argc, char **argv) {
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "loop") == 0) {
		if (argc == 7) {
			expected_alg = jwt_str_alg(argv[6]);
			if (expected_alg == JWT_ALG_INVAL || expected_alg == JWT_ALG_NONE) {
				fprintf(stderr, "libjwt_verify: this libjwt does not support %s\n", argv[6]);
				return 3;
			}
		}
		read_key(argv[2]);
		int passes = atoi(argv[5]);
		if (passes < 1)
			die("PASSES must be at least 1");
		return loop(argv[3], atol(argv[4]), passes);
	}
	if (argc == 5 && strcmp(argv[1], "one") == 0) {
		read_key(argv[2]);
		jwt_t *jwt;
		if (!verify(argv[4], atol(argv[3]), &jwt))
			return 1;
		char *claims = jwt_get_grants_json(jwt, NULL);
		if (claims)
			puts(claims);
		free(claims);
		jwt_free(jwt);
		return 0;
	}
	fprintf(stderr, "usage: libjwt_verify loop KEYFILE TOKENS NOW PASSES [ALG]\n"
	                "       libjwt_verify one KEYFILE NOW TOKEN\n");
	return 2;
}
