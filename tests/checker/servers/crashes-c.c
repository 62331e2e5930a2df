/* Fault (C): strips the newline a terminal client would send with *strchr(buffer, '\n') = '\0'.
 * The checker's messages, like the assignment's client's, end with no newline: strchr returns
 * NULL, and the write through it kills the server with SIGSEGV on the first message (this one
 * stands for a C server's crash, which prints nothing: the checker names the signal).
 * Build: cc -O0 -o crashes-c crashes-c.c (the test builds it in a folder of its own). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    const char *from_env = getenv("PORT");
    int port = from_env != NULL && *from_env != '\0' ? atoi(from_env) : 12345;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 16) < 0) {
        perror("bind");
        return 1;
    }
    printf("crashes-c: listening on localhost:%d\n", port);
    fflush(stdout);
    for (;;) {
        int client = accept(listener, NULL, NULL);
        char buffer[65536];
        ssize_t n = recv(client, buffer, sizeof buffer - 1, 0);
        if (n <= 0) {
            close(client);
            continue;
        }
        buffer[n] = '\0';
        *strchr(buffer, '\n') = '\0';
        char reply[128];
        int length = snprintf(reply, sizeof reply, "Jumlah karakter dalam kalimat tersebut adalah %zu\n", strlen(buffer));
        send(client, reply, (size_t)length, 0);
        close(client);
    }
}
