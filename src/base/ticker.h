/* ticker.h — the refresh tick: ITIMER_REAL delivering SIGALRM every so
 * many tenths of a second (top's and htop's -d unit). */
#ifndef IPCTOP_TICKER_H
#define IPCTOP_TICKER_H

/* Arms the timer to fire every `tenths` tenths of a second; 0 disarms.
 * Returns setitimer's result (0, or -1 with errno). */
int ticker_set(int tenths);

#endif
