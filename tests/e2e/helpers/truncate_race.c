/* truncate_race.c — the attacker of tests/e2e/adversarial_posix.sh: creates
 * PATH (a /dev/shm file named like a named semaphore, never following a
 * symlink) and, for SECONDS, grows it to 64 bytes and shrinks it to 0 in a
 * tight loop, so that a reader that checked the size and then mapped the
 * file meets an empty one. Prints "ready" once the file exists and the
 * number of rounds at the end; exits 1 on any failed call.
 * Usage: truncate_race PATH SECONDS */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: truncate_race PATH SECONDS\n");
		return 2;
	}
	int fd = open(argv[1], O_CREAT | O_EXCL | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "truncate_race: open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	time_t end = time(NULL) + atoi(argv[2]);
	unsigned long rounds = 0;
	while (time(NULL) < end) {
		for (int i = 0; i < 1000; i++, rounds++)
			if (ftruncate(fd, 64) < 0 || ftruncate(fd, 0) < 0) {
				fprintf(stderr, "truncate_race: ftruncate: %s\n", strerror(errno));
				return 1;
			}
	}
	printf("%lu rounds\n", rounds);
	return close(fd) < 0;
}
