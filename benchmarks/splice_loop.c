/*
 * The relay's splice pattern in C, to tell what the kernel allows from what the relay adds
 * (benchmarks/NOTES.md, session 14): one epoll loop, level-triggered, each direction
 * socket -> pipe -> socket with splice(), the pipe optionally resized with F_SETPIPE_SZ.
 * An experiment, not a proxy: a closed connection's state is not freed.
 *
 *   gcc -O2 -o /tmp/splice_loop benchmarks/splice_loop.c
 *   /tmp/splice_loop LISTEN_PORT BACKEND_PORT PIPE_BYTES   (127.0.0.1; PIPE_BYTES 0: the default)
 *   iperf3 -c 127.0.0.1 -p LISTEN_PORT -t 4                (an iperf3 -s on BACKEND_PORT)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
typedef struct side { int fd; struct side *peer; int pr, pw; long inpipe; int ended; } side;
int main(int argc, char **argv) {
  int lport = atoi(argv[1]), bport = atoi(argv[2]), psz = atoi(argv[3]);
  int ls = socket(AF_INET, SOCK_STREAM, 0); int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, 4);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(lport); a.sin_addr.s_addr = htonl(0x7f000001);
  if (bind(ls, (void*)&a, sizeof a) || listen(ls, 128)) { perror("bind"); return 1; }
  int ep = epoll_create1(0); struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  struct epoll_event evs[64];
  for (;;) {
    int n = epoll_wait(ep, evs, 64, -1);
    for (int i = 0; i < n; i++) {
      side *s = evs[i].data.ptr;
      if (!s) {
        int c = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
        int b = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in ba = a; ba.sin_port = htons(bport);
        if (connect(b, (void*)&ba, sizeof ba)) { perror("connect"); close(c); close(b); continue; }
        fcntl(b, F_SETFL, O_NONBLOCK);
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, 4); setsockopt(b, IPPROTO_TCP, TCP_NODELAY, &one, 4);
        side *x = calloc(1, sizeof *x), *y = calloc(1, sizeof *y);
        x->fd = c; y->fd = b; x->peer = y; y->peer = x;
        int p[2]; pipe2(p, O_NONBLOCK); if (psz) fcntl(p[1], F_SETPIPE_SZ, psz); x->pr = p[0]; x->pw = p[1];
        pipe2(p, O_NONBLOCK); if (psz) fcntl(p[1], F_SETPIPE_SZ, psz); y->pr = p[0]; y->pw = p[1];
        struct epoll_event e1 = { .events = EPOLLIN, .data.ptr = x }, e2 = { .events = EPOLLIN, .data.ptr = y };
        epoll_ctl(ep, EPOLL_CTL_ADD, c, &e1); epoll_ctl(ep, EPOLL_CTL_ADD, b, &e2);
        continue;
      }
      ssize_t r = splice(s->fd, NULL, s->pw, NULL, 1 << 30, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
      if (r == 0) { /* FIN: what the pipe holds goes first (blocking), then the FIN */
        epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
        fcntl(s->peer->fd, F_SETFL, 0);
        while (s->inpipe > 0) {
          ssize_t w = splice(s->pr, NULL, s->peer->fd, NULL, s->inpipe, SPLICE_F_MOVE);
          if (w <= 0) break;
          s->inpipe -= w;
        }
        fcntl(s->peer->fd, F_SETFL, O_NONBLOCK);
        shutdown(s->peer->fd, SHUT_WR);
        s->ended = 1;
        if (s->peer->ended) { close(s->fd); close(s->peer->fd); }
        continue;
      }
      if (r < 0 && errno != EAGAIN) {
        epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL); epoll_ctl(ep, EPOLL_CTL_DEL, s->peer->fd, NULL);
        close(s->fd); close(s->peer->fd); continue;
      }
      if (r > 0) s->inpipe += r;
      while (s->inpipe > 0) {
        ssize_t w = splice(s->pr, NULL, s->peer->fd, NULL, s->inpipe, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (w <= 0) break; /* the rest goes at the next read event */
        s->inpipe -= w;
      }
    }
  }
}
