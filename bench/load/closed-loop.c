/*
 * closed-loop.c: the bench's load generator for message traffic, in C, so that it is not
 * the bottleneck (the Node worker it replaces ran at 97-98 % of its CPU against every fast
 * server). One thread, epoll, non-blocking sockets on 127.0.0.1, TCP_NODELAY.
 *
 * Each connection keeps `depth` messages in flight: it writes as many as are missing in one
 * write() (sendfile() from the corpus file for batches of 64 KiB or more), and every reply line (found with memchr) answers the oldest one. Replies are
 * checked against the expected bytes: every one (--verify all), or the length of every one
 * and the bytes of one in 256 (--verify sample). --stream writes the first message over and
 * over and reads nothing back (the raw loopback sink).
 *
 *   gcc -O2 -o closed-loop closed-loop.c
 *   closed-loop --port N --connections N --depth N --corpus FILE [--verify all|sample] [--stream]
 *
 * Driven on stdin/stdout by bench/lib/c-load.ts: it prints "ready" once connected, then reads
 * "go" (start sending), "mark-start" (the measured window begins), "mark-end" (stop sending,
 * wait up to 5 s for the replies in flight), and prints one line of JSON with what it
 * measured, its own CPU over the window included, then exits. The corpus file format is
 * written by c-load.ts (writeCorpusFile).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_BYTES (256 * 1024)
#define CARRY_BYTES (64 * 1024)
#define MAX_SAMPLES 5
#define SAMPLE_BYTES 160
#define DRAIN_MS 5000
/* Batches this large go out with sendfile() from the corpus file (see pump). */
#define SENDFILE_BYTES (64 * 1024)
/* Latency histogram: exact below 256 ns, then 128 buckets per power of two (under 1 % wide). */
#define SUB 128
#define BUCKETS (256 + 56 * SUB)

struct conn {
  int fd;
  int open;
  int want_out;
  uint32_t send_index, reply_index;
  int in_flight;
  uint64_t *sent_at;
  int head, tail;
  const unsigned char *pending;
  size_t pending_len;
  unsigned char carry[CARRY_BYTES];
  size_t carry_len;
  uint32_t checked;
};

static uint32_t count, depth, connections;
static uint64_t *offsets, round_bytes;
static uint32_t *expected_off, *expected_len;
static unsigned char *prefix_only, *expected, *data;
static int verify_all, stream_mode, epfd;
static int corpus_fd;
static off_t data_in_file;
static int sending, measuring;
static struct conn *conns;

static uint64_t messages, bytes, mismatches, unexpected, errors;
static uint64_t *answered_by_index, *mismatches_by_index;
static uint64_t histogram[BUCKETS];
static int samples;
static char sample_json[MAX_SAMPLES][2 * SAMPLE_BYTES + 64];
static char error_samples[MAX_SAMPLES][64];
static int error_sample_count;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what) {
  fprintf(stderr, "closed-loop: %s: %s\n", what, strerror(errno));
  exit(2);
}

static void record(uint64_t ns) {
  size_t i;
  if (ns < 256) i = ns;
  else {
    int e = 63 - __builtin_clzll(ns);
    i = 256 + (size_t)(e - 8) * SUB + ((ns >> (e - 7)) - SUB);
  }
  if (i >= BUCKETS) i = BUCKETS - 1;
  histogram[i]++;
}

/* The middle of bucket i, in nanoseconds. */
static uint64_t bucket_value(size_t i) {
  if (i < 256) return i;
  int e = (int)((i - 256) / SUB) + 8;
  uint64_t m = (i - 256) % SUB + SUB;
  return (m << (e - 7)) + ((uint64_t)1 << (e - 7)) / 2;
}

static void connection_error(int code) {
  errors++;
  if (error_sample_count < MAX_SAMPLES) snprintf(error_samples[error_sample_count++], 64, "%s", strerror(code));
}

static void mismatch(int64_t index, const unsigned char *got, size_t len) {
  mismatches++;
  if (index < 0) unexpected++;
  else mismatches_by_index[index]++;
  if (samples >= MAX_SAMPLES) return;
  char *out = sample_json[samples++];
  int n = sprintf(out, "{\"index\":%lld,\"got\":\"", (long long)index);
  for (size_t i = 0; i < len && i < SAMPLE_BYTES; i++) n += sprintf(out + n, "%02x", got[i]);
  sprintf(out + n, "\"}");
}

static uint64_t offset_of(uint32_t index) {
  return (uint64_t)(index / count) * round_bytes + offsets[index % count];
}

static void close_conn(struct conn *c) {
  if (!c->open) return;
  c->open = 0;
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
}

static void watch_output(struct conn *c, int want) {
  if (c->want_out == want) return;
  c->want_out = want;
  struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
  epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes what is pending, then queues the next batch while messages are missing; stops at EAGAIN. */
static void pump(struct conn *c) {
  while (c->open) {
    if (c->pending_len == 0) {
      if (!sending) break;
      if (stream_mode) {
        c->pending = data + offsets[0];
        c->pending_len = offsets[1] - offsets[0];
      } else {
        int k = (int)depth - c->in_flight;
        if (k <= 0) break;
        uint64_t start = offset_of(c->send_index), end = offset_of(c->send_index + (uint32_t)k);
        uint64_t t = now_ns();
        for (int i = 0; i < k; i++) {
          c->sent_at[c->tail] = t;
          c->tail = c->tail == (int)depth ? 0 : c->tail + 1;
        }
        c->in_flight += k;
        c->send_index = (c->send_index + (uint32_t)k) % count;
        c->pending = data + start;
        c->pending_len = end - start;
      }
    }
    /*
     * Long batches are sent from the page cache: the socket then holds references to the
     * file's pages instead of a copy, and on loopback the copy happens once, into the
     * reader. This keeps the generator's CPU for bulk bytes well below the server's.
     */
    ssize_t n;
    if (c->pending_len >= SENDFILE_BYTES) {
      off_t at = data_in_file + (c->pending - data);
      n = sendfile(c->fd, corpus_fd, &at, c->pending_len);
    } else {
      n = write(c->fd, c->pending, c->pending_len);
    }
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      connection_error(errno);
      close_conn(c);
      return;
    }
    c->pending += n;
    c->pending_len -= (size_t)n;
    if (stream_mode && measuring) bytes += (uint64_t)n;
  }
  if (c->open) watch_output(c, c->pending_len > 0);
}

/* The reply line [line, line+len) answers the oldest message in flight. */
static void answered(struct conn *c, const unsigned char *line, size_t len, uint64_t now) {
  if (c->in_flight == 0) {
    mismatch(-1, line, len);
    return;
  }
  uint32_t i = c->reply_index;
  const unsigned char *want = expected + expected_off[i];
  size_t want_len = expected_len[i];
  int ok;
  if (prefix_only[i]) ok = len >= want_len && memcmp(line, want, want_len) == 0;
  else if (len != want_len) ok = 0;
  else if (verify_all || (c->checked++ & 255) == 0) ok = memcmp(line, want, len) == 0;
  else ok = 1;
  if (!ok) mismatch(i, line, len);
  uint64_t sent = c->sent_at[c->head];
  c->head = c->head == (int)depth ? 0 : c->head + 1;
  c->in_flight--;
  c->reply_index = i + 1 == count ? 0 : i + 1;
  if (measuring) {
    record(now - sent);
    messages++;
    bytes += offsets[i + 1] - offsets[i];
  }
  answered_by_index[i]++;
}

static void receive(struct conn *c, unsigned char *buf) {
  ssize_t n = read(c->fd, buf, READ_BYTES);
  if (n == 0) {
    close_conn(c);
    return;
  }
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    connection_error(errno);
    close_conn(c);
    return;
  }
  if (stream_mode) return;
  uint64_t now = now_ns();
  size_t pos = 0, end = (size_t)n;
  unsigned char *lf;
  while ((lf = memchr(buf + pos, '\n', end - pos)) != NULL) {
    size_t len = (size_t)(lf - (buf + pos));
    if (c->carry_len > 0) {
      size_t room = CARRY_BYTES - c->carry_len;
      size_t take = len < room ? len : room;
      memcpy(c->carry + c->carry_len, buf + pos, take);
      answered(c, c->carry, c->carry_len + take, now);
      c->carry_len = 0;
    } else {
      answered(c, buf + pos, len, now);
    }
    pos += len + 1;
  }
  if (pos < end) {
    size_t room = CARRY_BYTES - c->carry_len;
    size_t take = end - pos < room ? end - pos : room;
    memcpy(c->carry + c->carry_len, buf + pos, take);
    c->carry_len += take;
  }
  pump(c);
}

static void read_corpus(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path);
  uint64_t data_bytes, expected_bytes;
  if (fscanf(f, "charcount-corpus 1 %u %lu %lu", &count, &data_bytes, &expected_bytes) != 3 || count == 0) {
    fprintf(stderr, "closed-loop: %s is not a corpus file\n", path);
    exit(2);
  }
  offsets = calloc(count + 1, sizeof *offsets);
  expected_off = calloc(count, sizeof *expected_off);
  expected_len = calloc(count, sizeof *expected_len);
  prefix_only = calloc(count, 1);
  answered_by_index = calloc(count, sizeof *answered_by_index);
  mismatches_by_index = calloc(count, sizeof *mismatches_by_index);
  for (uint32_t i = 0; i <= count; i++)
    if (fscanf(f, " %lu", &offsets[i]) != 1) die("corpus offsets");
  uint32_t at = 0;
  for (uint32_t i = 0; i < count; i++) {
    unsigned p;
    if (fscanf(f, " %u %u", &p, &expected_len[i]) != 2) die("corpus replies");
    prefix_only[i] = (unsigned char)p;
    expected_off[i] = at;
    at += expected_len[i];
  }
  if (fgetc(f) != '\n') die("corpus header");
  round_bytes = offsets[count];
  expected = malloc(expected_bytes + 1);
  data = malloc(data_bytes + 1);
  if (fread(expected, 1, expected_bytes, f) != expected_bytes) die("corpus replies");
  data_in_file = ftello(f);
  if (fread(data, 1, data_bytes, f) != data_bytes) die("corpus bytes");
  fclose(f);
  corpus_fd = open(path, O_RDONLY);
  if (corpus_fd < 0) die(path);
}

static void open_connections(int port) {
  conns = calloc(connections, sizeof *conns);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  for (uint32_t i = 0; i < connections; i++) {
    struct conn *c = &conns[i];
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (c->fd < 0) die("socket");
    if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
      connection_error(errno);
      close(c->fd);
      continue;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(c->fd, F_SETFL, O_NONBLOCK);
    c->open = 1;
    c->sent_at = calloc(depth + 1, sizeof *c->sent_at);
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl");
  }
}

/* The next command on stdin ("go", "mark-start", "mark-end"), or NULL when none is complete yet. */
static const char *next_command(void) {
  static char line[64];
  static size_t have;
  char *lf;
  while ((lf = memchr(line, '\n', have)) == NULL) {
    ssize_t n = read(0, line + have, sizeof line - 1 - have);
    if (n == 0) exit(1); /* the bench is gone */
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return NULL;
      die("stdin");
    }
    have += (size_t)n;
    if (have == sizeof line - 1) have = 0;
  }
  static char command[64];
  size_t len = (size_t)(lf - line);
  memcpy(command, line, len);
  command[len] = 0;
  memmove(line, lf + 1, have - len - 1);
  have -= len + 1;
  return command;
}

static int all_answered(void) {
  for (uint32_t i = 0; i < connections; i++)
    if (conns[i].open && conns[i].in_flight > 0) return 0;
  return 1;
}

static double seconds_of(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

static void print_result(double window_ms, struct rusage *r0, struct rusage *r1) {
  double user = seconds_of(r1->ru_utime) - seconds_of(r0->ru_utime);
  double sys = seconds_of(r1->ru_stime) - seconds_of(r0->ru_stime);
  uint64_t unanswered = 0;
  uint32_t open = 0;
  for (uint32_t i = 0; i < connections; i++) {
    if (conns[i].sent_at) open++;
    unanswered += (uint64_t)conns[i].in_flight;
  }
  printf("{\"windowMs\":%.1f,\"cpuUserPct\":%.1f,\"cpuSysPct\":%.1f,\"messages\":%lu,\"bytes\":%lu,\"mismatches\":%lu,\"unexpected\":%lu,"
         "\"errors\":%lu,\"unanswered\":%lu,\"connections\":%u,\"answeredByIndex\":[",
         window_ms, user * 1e5 / window_ms, sys * 1e5 / window_ms, messages, bytes, mismatches, unexpected, errors, unanswered, open);
  for (uint32_t i = 0; i < count; i++) printf("%s%lu", i ? "," : "", answered_by_index[i]);
  printf("],\"mismatchesByIndex\":[");
  for (uint32_t i = 0; i < count; i++) printf("%s%lu", i ? "," : "", mismatches_by_index[i]);
  printf("],\"samples\":[");
  for (int i = 0; i < samples; i++) printf("%s%s", i ? "," : "", sample_json[i]);
  printf("],\"errorSamples\":[");
  for (int i = 0; i < error_sample_count; i++) printf("%s\"%s\"", i ? "," : "", error_samples[i]);
  printf("],\"latencyNs\":[");
  int first = 1;
  for (size_t i = 0; i < BUCKETS; i++) {
    if (histogram[i] == 0) continue;
    printf("%s[%lu,%lu]", first ? "" : ",", bucket_value(i), histogram[i]);
    first = 0;
  }
  printf("]}\n");
  fflush(stdout);
}

int main(int argc, char **argv) {
  int port = 0;
  const char *corpus = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
    if (!strcmp(a, "--port")) port = atoi(v), i++;
    else if (!strcmp(a, "--connections")) connections = (uint32_t)atoi(v), i++;
    else if (!strcmp(a, "--depth")) depth = (uint32_t)atoi(v), i++;
    else if (!strcmp(a, "--corpus")) corpus = v, i++;
    else if (!strcmp(a, "--verify")) verify_all = !strcmp(v, "all"), i++;
    else if (!strcmp(a, "--stream")) stream_mode = 1;
    else {
      fprintf(stderr, "closed-loop: unknown option %s\n", a);
      return 2;
    }
  }
  if (port <= 0 || connections == 0 || depth == 0 || corpus == NULL) {
    fprintf(stderr, "usage: closed-loop --port N --connections N --depth N --corpus FILE [--verify all|sample] [--stream]\n");
    return 2;
  }
  read_corpus(corpus);
  epfd = epoll_create1(0);
  if (epfd < 0) die("epoll_create1");
  open_connections(port);
  fcntl(0, F_SETFL, O_NONBLOCK);
  struct epoll_event in = { .events = EPOLLIN, .data.ptr = NULL };
  epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &in);
  printf("ready\n");
  fflush(stdout);

  static unsigned char buf[READ_BYTES];
  struct epoll_event events[256];
  struct rusage r0, r1;
  uint64_t t0 = 0, t1 = 0, drain_deadline = 0;
  int ended = 0;
  for (;;) {
    if (ended && (all_answered() || now_ns() > drain_deadline)) break;
    int n = epoll_wait(epfd, events, 256, 100);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < n; e++) {
      struct conn *c = events[e].data.ptr;
      if (c == NULL) {
        const char *command;
        while ((command = next_command()) != NULL) {
          if (!strcmp(command, "go")) {
            sending = 1;
            for (uint32_t i = 0; i < connections; i++) pump(&conns[i]);
          } else if (!strcmp(command, "mark-start")) {
            messages = bytes = 0;
            memset(histogram, 0, sizeof histogram);
            getrusage(RUSAGE_SELF, &r0);
            t0 = now_ns();
            measuring = 1;
          } else if (!strcmp(command, "mark-end")) {
            t1 = now_ns();
            getrusage(RUSAGE_SELF, &r1);
            measuring = 0;
            sending = 0;
            ended = 1;
            drain_deadline = t1 + (uint64_t)DRAIN_MS * 1000000u;
          }
        }
        continue;
      }
      if (!c->open) continue;
      if (events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) receive(c, buf);
      if (c->open && (events[e].events & EPOLLOUT)) pump(c);
    }
  }
  print_result((double)(t1 - t0) / 1e6, &r0, &r1);
  return 0;
}
