/* ticker.c — setitimer for the refresh tick of the TUI and of --watch. */
#include "base/ticker.h"

#include <string.h>
#include <sys/time.h>

int ticker_set(int tenths)
{
	struct itimerval it;
	memset(&it, 0, sizeof(it));
	if (tenths > 0) {
		it.it_interval.tv_sec = tenths / 10;
		it.it_interval.tv_usec = (tenths % 10) * 100000;
		it.it_value = it.it_interval;
	}
	return setitimer(ITIMER_REAL, &it, NULL);
}
