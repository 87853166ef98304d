/* fetch.c - a web page by its URL, through libcurl.
 *
 * Redirects are followed (http and https only, at most 10), gzip and deflate are accepted, the
 * whole transfer has a time limit and the body a size limit (a URL to a video must not fill the
 * memory). Every failure names the URL and says what happened in words: "HTTP 404", "could not
 * resolve the host", "no answer within 30 s". */
#include "core/dl.h"
#include "text/content.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#define MAX_REDIRECTS 10L
#define CONNECT_TIMEOUT_SECONDS 15L

typedef struct sink {
    vnr_buf *body;
    uint64_t max;
    bool too_big;
} sink;

static size_t on_data(char *data, size_t size, size_t n, void *user)
{
    sink *s = user;
    size_t len = size * n;
    if (s->body->len + len > s->max) {
        s->too_big = true;
        return 0; /* libcurl stops with CURLE_WRITE_ERROR */
    }
    vnr_buf_append(s->body, data, len);
    return s->body->failed ? 0 : len;
}

/* libcurl, opened at the first URL (core/dl.h: its start-up would cost every run). */
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *c, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *c);
    CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *c);
    const char *(*easy_strerror)(CURLcode rc);
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_loaded;
static char curl_missing[256];
static CURLcode curl_init_status;

static void init_curl(void)
{
    const vnr_dl_symbol symbols[] = {
        {"curl_global_init", &curl.global_init},     {"curl_easy_init", &curl.easy_init},
        {"curl_easy_setopt", &curl.easy_setopt},     {"curl_easy_perform", &curl.easy_perform},
        {"curl_easy_getinfo", &curl.easy_getinfo},   {"curl_easy_cleanup", &curl.easy_cleanup},
        {"curl_easy_strerror", &curl.easy_strerror},
    };
    curl_loaded = vnr_dl_open(VNR_CURL_SONAME, symbols, sizeof symbols / sizeof symbols[0],
                              curl_missing, sizeof curl_missing);
    if (curl_loaded)
        curl_init_status = curl.global_init(CURL_GLOBAL_DEFAULT);
}

/* "text/html; charset=windows-1258" -> "windows-1258". */
static void charset_of(const char *content_type, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = content_type;
    while (p && *p) {
        if (strncasecmp(p, "charset", 7) == 0) {
            p += 7;
            while (*p == ' ' || *p == '=' || *p == '"' || *p == '\'')
                p++;
            size_t n = strcspn(p, " ;\"'");
            if (n < cap) {
                memcpy(out, p, n);
                out[n] = '\0';
            }
            return;
        }
        p++;
    }
}

static vnr_status curl_failure(const char *url, CURLcode rc, const sink *s, long timeout,
                               const char *detail, vnr_diag *diag)
{
    if (s->too_big)
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: larger than %llu MB, not read", url,
                        (unsigned long long)(s->max >> 20));
    if (s->body->failed)
        return vnr_fail(diag, VNR_ERR_NOMEM, "%s: out of memory", url);
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: could not resolve the host (DNS)", url);
    case CURLE_COULDNT_CONNECT:
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: could not connect", url);
    case CURLE_OPERATION_TIMEDOUT:
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: timed out after %ld s", url, timeout);
    case CURLE_TOO_MANY_REDIRECTS:
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: more than %ld redirects", url, MAX_REDIRECTS);
    case CURLE_UNSUPPORTED_PROTOCOL:
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: redirected to a protocol other than http(s)",
                        url);
    default:
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: %s", url,
                        detail[0] ? detail : curl.easy_strerror(rc));
    }
}

static void set_options(CURL *c, const char *url, const vnr_content_options *opts, sink *s,
                        char *error)
{
    long timeout = opts->timeout_seconds > 0 ? opts->timeout_seconds : 30;
    curl.easy_setopt(c, CURLOPT_URL, url);
    curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(c, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl.easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
    curl.easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     timeout < CONNECT_TIMEOUT_SECONDS ? timeout : CONNECT_TIMEOUT_SECONDS);
    curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for DNS timeouts */
    curl.easy_setopt(c, CURLOPT_USERAGENT,
                     opts->user_agent ? opts->user_agent : "vnreader/" VNR_VERSION);
    curl.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max);
    curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl.easy_setopt(c, CURLOPT_WRITEDATA, s);
    curl.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
}

vnr_status fetch_url(const char *url, const vnr_content_options *opts, vnr_buf *body, char *charset,
                     size_t charset_cap, vnr_diag *diag)
{
    charset[0] = '\0';
    pthread_once(&curl_once, init_curl);
    if (!curl_loaded)
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: cannot fetch URLs without libcurl (%s)", url,
                        curl_missing);
    if (curl_init_status != CURLE_OK)
        return vnr_fail(diag, VNR_ERR_NETWORK, "%s: libcurl: %s", url,
                        curl.easy_strerror(curl_init_status));
    CURL *c = curl.easy_init();
    if (!c)
        return vnr_fail(diag, VNR_ERR_NOMEM, "%s: out of memory", url);
    sink s = {body, opts->max_bytes ? opts->max_bytes : (64u << 20), false};
    char error[CURL_ERROR_SIZE] = "";
    set_options(c, url, opts, &s, error);
    CURLcode rc = curl.easy_perform(c);
    vnr_status st = VNR_OK;
    long code = 0;
    if (rc == CURLE_FILESIZE_EXCEEDED)
        s.too_big = true;
    if (rc != CURLE_OK) {
        st = curl_failure(url, rc, &s, opts->timeout_seconds > 0 ? opts->timeout_seconds : 30,
                          error, diag);
    } else if (curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
               (code < 200 || code > 299)) {
        st = vnr_fail(diag, VNR_ERR_NETWORK, "%s: HTTP %ld", url, code);
    } else {
        char *type = NULL;
        if (curl.easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
            charset_of(type, charset, charset_cap);
    }
    curl.easy_cleanup(c);
    return st;
}
