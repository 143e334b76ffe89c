# stress.mk — `make stress`: tests/stress.sh, ipctop for STRESS_SECONDS
# (60) under object churn, a 1 ms SIGALRM storm, resize bursts and keys,
# sampling VmRSS and open descriptors every 5 s (fails on RSS growth over
# 20% after the warm-up, or any descriptor growth). Not part of `make test`;
# tests/e2e/churn.sh is its short version there.

STRESS_SECONDS ?= 60

.PHONY: stress

stress: deps-test
	@$(MAKE) --no-print-directory all
	STRESS_SECONDS=$(STRESS_SECONDS) $(IPC_NS) ./tests/stress.sh ./$(BIN)
