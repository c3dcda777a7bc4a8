# Thin wrapper around Meson: `make run` and `make test` do all the set-up on Debian 12.
BUILD ?= build
TEST_BUILD ?= build-test
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
ARGS ?=

.PHONY: all run test deps deps-test build clean fuzz bench

all: build

deps:
	@tools/deps.sh run

deps-test:
	@tools/deps.sh test

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# A guided break in this terminal on the built-in routine; ARGS passes options,
# e.g. make run ARGS="--minutes 3".
run: build
	./$(BUILD)/movebreak now $(ARGS)

test: deps-test
	FUZZ_SECONDS=$(FUZZ_SECONDS) TEST_BUILD=$(TEST_BUILD) FUZZ_BUILD=$(FUZZ_BUILD) tools/run-tests.sh

fuzz: deps-test
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BUILD=$(FUZZ_BUILD) tools/run-tests.sh fuzz

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(FUZZ_BUILD) build-release
