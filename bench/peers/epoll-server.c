/*
 * epoll-server.c: the charcount line protocol in C, the benchmark's practical ceiling.
 *
 * One thread, one epoll set (level-triggered), non-blocking sockets, TCP_NODELAY.
 * Each connection keeps its message state (bytes, code points, the UTF-8 decoder state of
 * a sequence cut by a read) and an output buffer. Messages are validated and counted as
 * the bytes stream in, like charcount-server, so a 1 GiB line costs no memory: the only
 * line buffer is the shared 256 KiB read buffer. Replies of one read go out in one write();
 * while a client does not read its replies the server stops reading from it.
 * Unterminated bytes are answered after the quiet period (a list of connections ordered by
 * their last data, so the earliest deadline is always at its head). Half-close ends the
 * last message. Replies are byte-identical to charcount-server's (id language, text format).
 *
 *   gcc -O2 -o epoll-server epoll-server.c
 *   epoll-server [--port N] [--quiet-period-ms MS] [--sink]
 *
 * --sink reads and discards everything (no parsing, no replies): raw loopback throughput.
 * Prints "listening on port N" once it accepts connections. SIGTERM/SIGINT exit at once.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_BUFFER_BYTES (256 * 1024)
#define MAX_EVENTS 256
#define OUT_PAUSE_BYTES (64 * 1024)

static const char COUNT_SENTENCE[] = "Jumlah karakter dalam kalimat tersebut adalah ";

enum reason { R_NONE, R_UNEXPECTED_CONTINUATION, R_OVERLONG, R_SURROGATE, R_ABOVE_MAX, R_INVALID_BYTE, R_MISSING_CONTINUATION, R_TRUNCATED };

struct conn {
  int fd;
  int reading;          /* EPOLLIN registered */
  int eof;              /* client half-closed */
  /* message state */
  uint64_t bytes, chars;
  int last_cr;
  int need;             /* continuation bytes still needed */
  unsigned lo, hi;      /* allowed range of the next continuation byte */
  uint64_t seq_start;
  unsigned seq_lead, seq_len;
  /* first error of the message */
  enum reason reason;
  uint64_t err_offset, culprit_offset;
  int err_lead, culprit, err_len;
  /* replies not yet written */
  char *out;
  size_t out_len, out_off, out_cap;
  /* quiet-period list, ordered by last data */
  struct conn *prev, *next;
  int queued;
  int64_t last_data_ms;
};

static int epfd;
static int quiet_ms = 150;
static int sink_mode;
static struct conn *quiet_head, *quiet_tail;
static unsigned char read_buffer[READ_BUFFER_BYTES];

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void quiet_remove(struct conn *c) {
  if (!c->queued) return;
  if (c->prev) c->prev->next = c->next; else quiet_head = c->next;
  if (c->next) c->next->prev = c->prev; else quiet_tail = c->prev;
  c->prev = c->next = NULL;
  c->queued = 0;
}

static void quiet_touch(struct conn *c) {
  quiet_remove(c);
  c->last_data_ms = now_ms();
  c->prev = quiet_tail;
  if (quiet_tail) quiet_tail->next = c; else quiet_head = c;
  quiet_tail = c;
  c->queued = 1;
}

/* ---- output ---------------------------------------------------------------------- */

static void out_append(struct conn *c, const char *data, size_t len) {
  if (c->out_len + len > c->out_cap) {
    if (c->out_off > 0) {
      memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
      c->out_len -= c->out_off;
      c->out_off = 0;
    }
    if (c->out_len + len > c->out_cap) {
      size_t cap = c->out_cap ? c->out_cap : 1024;
      while (cap < c->out_len + len) cap *= 2;
      char *grown = realloc(c->out, cap);
      if (!grown) { perror("realloc"); exit(1); }
      c->out = grown;
      c->out_cap = cap;
    }
  }
  memcpy(c->out + c->out_len, data, len);
  c->out_len += len;
}

static char *format_u64(char *end, uint64_t value) {
  do { *--end = (char)('0' + value % 10); value /= 10; } while (value);
  return end;
}

static void reply_count(struct conn *c, uint64_t chars) {
  char line[sizeof COUNT_SENTENCE + 24];
  memcpy(line, COUNT_SENTENCE, sizeof COUNT_SENTENCE - 1);
  char digits[24];
  char *start = format_u64(digits + sizeof digits, chars);
  size_t n = (size_t)(digits + sizeof digits - start);
  memcpy(line + sizeof COUNT_SENTENCE - 1, start, n);
  line[sizeof COUNT_SENTENCE - 1 + n] = '\n';
  out_append(c, line, sizeof COUNT_SENTENCE + n);
}

static void reply_error(struct conn *c) {
  char what[200];
  int lead = c->err_lead, culprit = c->culprit;
  switch (c->reason) {
    case R_UNEXPECTED_CONTINUATION:
      snprintf(what, sizeof what, "unexpected continuation byte 0x%02X (no lead byte before it)", lead); break;
    case R_OVERLONG:
      if (culprit < 0) snprintf(what, sizeof what, "overlong encoding: lead byte 0x%02X can only encode characters that have a shorter form", lead);
      else snprintf(what, sizeof what, "overlong encoding: 0x%02X 0x%02X encodes a character that has a shorter form", lead, culprit);
      break;
    case R_SURROGATE:
      snprintf(what, sizeof what, "0x%02X 0x%02X encodes a UTF-16 surrogate (U+D800..U+DFFF), which UTF-8 does not allow", lead, culprit); break;
    case R_ABOVE_MAX:
      if (culprit < 0) snprintf(what, sizeof what, "lead byte 0x%02X would encode a code point above U+10FFFF", lead);
      else snprintf(what, sizeof what, "0x%02X 0x%02X encodes a code point above U+10FFFF", lead, culprit);
      break;
    case R_INVALID_BYTE:
      snprintf(what, sizeof what, "byte 0x%02X never appears in UTF-8", lead); break;
    case R_MISSING_CONTINUATION:
      snprintf(what, sizeof what, "lead byte 0x%02X starts a %d-byte sequence but is followed by 0x%02X, not a continuation byte", lead, c->err_len, culprit); break;
    default:
      snprintf(what, sizeof what, "the message ends inside a %d-byte sequence that starts with 0x%02X", c->err_len, lead); break;
  }
  char line[320];
  int n = snprintf(line, sizeof line, "ERROR invalid UTF-8 at byte %llu: %s; the message was not counted\n",
                   (unsigned long long)c->err_offset, what);
  out_append(c, line, (size_t)n);
}

/* ---- UTF-8 validation and counting --------------------------------------------------- */

static void fail(struct conn *c, uint64_t offset, enum reason reason, int lead, int culprit, uint64_t culprit_offset, int len) {
  c->reason = reason;
  c->err_offset = offset;
  c->err_lead = lead;
  c->culprit = culprit;
  c->culprit_offset = culprit_offset;
  c->err_len = len;
  c->need = 0;
}

/* Validates and counts p[0, n), which continues the current message at offset c->bytes. */
static void consume(struct conn *c, const unsigned char *p, size_t n) {
  if (n == 0) return;
  uint64_t base = c->bytes;
  c->bytes += n;
  c->last_cr = p[n - 1] == '\r';
  if (c->reason != R_NONE) return;
  size_t i = 0;
  uint64_t chars = c->chars;
  int need = c->need;
  unsigned lo = c->lo, hi = c->hi;
  while (i < n) {
    if (need == 0) {
      /* ASCII fast path, 8 bytes at a time */
      while (i + 8 <= n) {
        uint64_t word;
        memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ULL) break;
        i += 8;
        chars += 8;
      }
      if (i >= n) break;
      unsigned b = p[i];
      if (b < 0x80) { chars++; i++; continue; }
      if (b < 0xc0) { fail(c, base + i, R_UNEXPECTED_CONTINUATION, (int)b, -1, base + i, 1); goto out; }
      if (b < 0xc2) { fail(c, base + i, R_OVERLONG, (int)b, -1, base + i, 2); goto out; }
      if (b >= 0xf8) { fail(c, base + i, R_INVALID_BYTE, (int)b, -1, base + i, 1); goto out; }
      if (b >= 0xf5) { fail(c, base + i, R_ABOVE_MAX, (int)b, -1, base + i, 4); goto out; }
      c->seq_start = base + i;
      c->seq_lead = b;
      c->seq_len = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
      need = (int)c->seq_len - 1;
      lo = b == 0xe0 ? 0xa0 : b == 0xf0 ? 0x90 : 0x80;
      hi = b == 0xed ? 0x9f : b == 0xf4 ? 0x8f : 0xbf;
      i++;
      continue;
    }
    unsigned b = p[i];
    if (b < lo || b > hi) {
      enum reason reason;
      if ((b & 0xc0) != 0x80) reason = R_MISSING_CONTINUATION;
      else if (c->seq_lead == 0xe0 || c->seq_lead == 0xf0) reason = R_OVERLONG;
      else if (c->seq_lead == 0xed) reason = R_SURROGATE;
      else reason = R_ABOVE_MAX;
      fail(c, c->seq_start, reason, (int)c->seq_lead, (int)b, base + i, (int)c->seq_len);
      goto out;
    }
    lo = 0x80;
    hi = 0xbf;
    if (--need == 0) chars++;
    i++;
  }
  c->need = need;
  c->lo = lo;
  c->hi = hi;
out:
  c->chars = chars;
}

static void reset_message(struct conn *c) {
  c->bytes = c->chars = 0;
  c->last_cr = 0;
  c->need = 0;
  c->lo = 0x80;
  c->hi = 0xbf;
  c->reason = R_NONE;
}

static void end_message(struct conn *c, int newline) {
  if (newline && c->last_cr) {
    c->bytes--;
    if (c->reason == R_NONE) {
      c->chars--;
    } else if (c->reason == R_MISSING_CONTINUATION && c->culprit_offset == c->bytes) {
      c->reason = R_TRUNCATED;
      c->culprit = -1;
    }
  }
  if (c->reason == R_NONE && c->need > 0)
    fail(c, c->seq_start, R_TRUNCATED, (int)c->seq_lead, -1, c->bytes, (int)c->seq_len);
  if (c->reason == R_NONE) reply_count(c, c->chars);
  else reply_error(c);
  reset_message(c);
}

static int has_pending(struct conn *c) { return c->bytes > 0; }

/* ---- connections ------------------------------------------------------------------- */

static void set_interest(struct conn *c, uint32_t events) {
  struct epoll_event ev = { .events = events, .data.ptr = c };
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void close_conn(struct conn *c) {
  quiet_remove(c);
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  free(c->out);
  free(c);
}

/* Writes what it can; stops reading while replies wait. Returns 0 when the connection was closed. */
static int flush(struct conn *c) {
  while (c->out_off < c->out_len) {
    ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
    if (n > 0) { c->out_off += (size_t)n; continue; }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    close_conn(c);
    return 0;
  }
  if (c->out_off == c->out_len) {
    c->out_off = c->out_len = 0;
    if (c->eof) { close_conn(c); return 0; }
    if (!c->reading) {
      c->reading = 1;
      set_interest(c, EPOLLIN);
      if (has_pending(c) && quiet_ms > 0) quiet_touch(c);
    }
  } else if (c->reading || c->eof) {
    c->reading = 0;
    quiet_remove(c);
    set_interest(c, EPOLLOUT);
  }
  return 1;
}

static void on_readable(struct conn *c) {
  ssize_t n = read(c->fd, read_buffer, sizeof read_buffer);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    close_conn(c);
    return;
  }
  if (sink_mode) {
    if (n == 0) close_conn(c);
    return;
  }
  if (n == 0) {
    c->eof = 1;
    quiet_remove(c);
    if (has_pending(c)) end_message(c, 0);
    flush(c);
    return;
  }
  const unsigned char *p = read_buffer, *end = read_buffer + n;
  while (p < end) {
    const unsigned char *lf = memchr(p, '\n', (size_t)(end - p));
    if (!lf) { consume(c, p, (size_t)(end - p)); break; }
    consume(c, p, (size_t)(lf - p));
    end_message(c, 1);
    p = lf + 1;
  }
  if (!flush(c)) return;
  if (quiet_ms > 0) {
    if (has_pending(c) && c->reading) quiet_touch(c);
    else quiet_remove(c);
  }
}

static void quiet_expire(void) {
  int64_t now = now_ms();
  while (quiet_head && quiet_head->last_data_ms + quiet_ms <= now) {
    struct conn *c = quiet_head;
    quiet_remove(c);
    end_message(c, 0);
    flush(c);
  }
}

static void accept_all(int listen_fd) {
  for (;;) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) perror("accept4");
      return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct conn *c = calloc(1, sizeof *c);
    if (!c) { close(fd); continue; }
    c->fd = fd;
    c->reading = 1;
    reset_message(c);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
  }
}

static void on_signal(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv) {
  int port = 12345;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--port") && i + 1 < argc) port = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--quiet-period-ms") && i + 1 < argc) quiet_ms = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--sink")) sink_mode = 1;
    else { fprintf(stderr, "usage: %s [--port N] [--quiet-period-ms MS] [--sink]\n", argv[0]); return 2; }
  }
  signal(SIGPIPE, SIG_IGN);
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);

  int listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listen_fd, 4096) < 0) {
    perror("listen");
    return 1;
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd, (struct sockaddr *)&addr, &len);

  epfd = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
  epoll_ctl(epfd, EPOLL_CTL_ADD, listen_fd, &ev);
  printf("epoll-server listening on port %d%s\n", ntohs(addr.sin_port), sink_mode ? " (sink)" : "");
  fflush(stdout);

  struct epoll_event events[MAX_EVENTS];
  for (;;) {
    int timeout = -1;
    if (quiet_head) {
      int64_t wait = quiet_head->last_data_ms + quiet_ms - now_ms();
      timeout = wait < 0 ? 0 : (int)wait + 1;
    }
    int n = epoll_wait(epfd, events, MAX_EVENTS, timeout);
    if (n < 0 && errno != EINTR) { perror("epoll_wait"); return 1; }
    for (int i = 0; i < n; i++) {
      struct conn *c = events[i].data.ptr;
      if (!c) { accept_all(listen_fd); continue; }
      uint32_t e = events[i].events;
      if (e & EPOLLOUT) { flush(c); continue; }
      if (e & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
    }
    if (quiet_head) quiet_expire();
  }
}
