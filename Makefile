# vnreader - Vietnamese text-to-speech reader.
#   make            build build/vnreader and build/libvnreader.{a,so}
#   make run        install missing Debian packages, build, read a sample article
#   make test       install missing Debian packages, build, run every test
#   make asan       the test suite under AddressSanitizer + UBSan (build-asan/)
#   make bench      the benchmark table (not a test)
#   make fuzz       FUZZ_SECONDS=20 : each libFuzzer target under tests/fuzz/ (build-fuzz/)
#   make valgrind   the program on every sample under Valgrind memcheck
#   make install    PREFIX=/usr/local DESTDIR= : program, header, library, voices, vnreader.pc
#   make format     clang-format every source file
#   make lint       formatting check (clang-format) and cppcheck, as CI runs them
#   make clean

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

PKGS    := espeak-ng portaudio-2.0 sndfile libutf8proc libxml-2.0 soxr libebur128
DATADIR := $(PREFIX)/share/vnreader
LIBDIR  := $(PREFIX)/lib
INCDIR  := $(PREFIX)/include
# speech-dispatcher: where Debian's server looks for module programs (a relative AddModule
# binary) and for module configs (/etc for PREFIX=/usr, else under PREFIX).
SD_MODULEDIR ?= $(LIBDIR)/speech-dispatcher-modules
SD_CONFDIR   ?= $(if $(filter /usr,$(PREFIX)),,$(PREFIX))/etc/speech-dispatcher/modules

# Debian packages: to build, and (TEST_DEBS) to run the tests and the benchmark.
BUILD_DEBS := build-essential pkg-config libespeak-ng-dev espeak-ng-data portaudio19-dev \
              libsndfile1-dev libutf8proc-dev libsoxr-dev libxml2-dev libebur128-dev
# ffmpeg, sox, bsdutils (script): tests/broadcast_test.sh; parallel, openssh-server,
# openssh-client, rsync: tests/parallel_ssh_test.sh (the multi-machine recipe, two local sshd).
TEST_DEBS  := espeak-ng python3 parallel tmux speech-dispatcher ffmpeg sox bsdutils \
              openssh-server openssh-client rsync
BENCH_DEBS := hyperfine time ffmpeg util-linux
FUZZ_DEBS  := clang libclang-rt-14-dev
VALGRIND_DEBS := valgrind

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wundef -Wvla -Wpointer-arith -Wcast-qual
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -fPIC \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
           -DVNR_INSTALL_DATADIR='"$(DATADIR)/voices"' -DVNR_SOURCE_DATADIR='"$(CURDIR)/voices"' \
           -Iinclude -Isrc -MMD -MP \
           -DVNR_ESPEAK_DATADIR='"$(shell pkg-config --variable=libdir espeak-ng 2>/dev/null)/espeak-ng-data"'
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

# The library is every stage folder of src/ but the two front ends (cli/, sd/).
LIB_DIRS := core text normalize speech audio produce
LIB_SRC := $(sort $(foreach d,$(LIB_DIRS),$(wildcard src/$(d)/*.c)))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
SD_SRC  := $(sort $(wildcard src/sd/*.c))
SD_OBJ  := $(SD_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
FORMAT_SRC := $(sort $(wildcard include/*.h src/*/*.[ch] tests/*/*.[ch]))
FUZZ_TARGETS := $(basename $(notdir $(sort $(wildcard tests/fuzz/fuzz_*.c))))

export VNREADER_DATA := $(CURDIR)/voices

.PHONY: all run test check asan bench install uninstall clean format lint deps test-deps bench-deps
.PHONY: fuzz fuzz-build fuzz-deps valgrind valgrind-deps

all: $(BUILD)/vnreader $(BUILD)/libvnreader.a $(BUILD)/libvnreader.so $(BUILD)/vnreader.pc \
     $(BUILD)/sd_vnreader

# Header dependencies come from the compiler (-MMD -MP): touching a header rebuilds exactly the
# objects that include it. The library's objects hide every symbol the public header does not
# mark VNR_API.
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(LIB_OBJ): ALL_CFLAGS += -fvisibility=hidden
-include $(wildcard $(BUILD)/src/*/*.d $(BUILD)/tests/*/*.d)

$(BUILD)/libvnreader.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/libvnreader.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libvnreader.so.0 $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/vnreader: $(CLI_OBJ) $(BUILD)/libvnreader.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libvnreader.a $(LIBS)

# The speech-dispatcher output module (src/sd/; README: "Screen readers").
$(BUILD)/sd_vnreader: $(SD_OBJ) $(BUILD)/libvnreader.a
	$(CC) $(LDFLAGS) -o $@ $(SD_OBJ) $(BUILD)/libvnreader.a $(LIBS)

$(BUILD)/vnreader.pc: Makefile
	@mkdir -p $(BUILD)
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCDIR)' '' \
	  'Name: vnreader' 'Description: Vietnamese text-to-speech reader (normalizer + eSpeak NG)' \
	  'Version: 0.1.0' 'Requires.private: $(PKGS)' 'Libs: -L$${libdir} -lvnreader' \
	  'Cflags: -I$${includedir}' >$@

$(BUILD)/unit-tests: $(TEST_OBJ) $(BUILD)/libvnreader.a
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(BUILD)/libvnreader.a $(LIBS)

# Reads an audio file back (rate, channels, length, peak) for tests/cli_test.sh.
$(BUILD)/sfinfo: tests/tools/sfinfo.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)

# Measures a produced file (EBU R128, libebur128) and parses its bext chunk: tests/produce_test.sh.
$(BUILD)/loudness: tests/tools/loudness.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBS)

# Lists the words of normalized text for which eSpeak NG switches to English.
$(BUILD)/en_switch: tests/tools/en_switch.c $(BUILD)/libvnreader.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvnreader.a $(LIBS)

# --- Debian packages: installed when root, otherwise the exact command is printed. -------------
define need_debs
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	  grep -q 'ok installed' || echo $$p; done | tr '\n' ' '); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "vnreader: installing Debian packages: $$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
	      || { echo "vnreader: apt-get failed for: $$missing"; exit 1; }; \
	  else \
	    echo "vnreader: missing Debian packages. Run:"; \
	    echo "    sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi
endef

deps:
	$(call need_debs,$(BUILD_DEBS))
test-deps: deps
	$(call need_debs,$(TEST_DEBS))
bench-deps: test-deps
	$(call need_debs,$(BENCH_DEBS))

# --- The two set-up commands. ---------------------------------------------------------------
SAMPLE ?= samples/news_article.txt
run: deps
	@$(MAKE) --no-print-directory all
	@sh tests/run_sample.sh $(BUILD)/vnreader $(SAMPLE) $(BUILD)/sample.wav

test: test-deps
	@$(MAKE) --no-print-directory check

check: all $(BUILD)/unit-tests $(BUILD)/sfinfo $(BUILD)/loudness $(BUILD)/en_switch $(FUZZ_TARGETS:%=$(BUILD)/replay/%)
	$(BUILD)/unit-tests tests/golden
	sh tests/english_test.sh $(BUILD)
	sh tests/header_test.sh "$(CC)"
	sh tests/cli_test.sh $(BUILD)/vnreader
	sh tests/produce_test.sh $(BUILD)/vnreader
	sh tests/production_test.sh $(BUILD)/vnreader
	sh tests/broadcast_test.sh $(BUILD)/vnreader
	sh tests/batch_test.sh $(BUILD)/vnreader
	sh tests/parallel_ssh_test.sh $(BUILD)/vnreader
	sh tests/sd_test.sh $(BUILD)/sd_vnreader
	sh tests/sd_reading_test.sh $(BUILD)/sd_vnreader
	python3 tests/sd_chars_test.py $(BUILD)/sd_vnreader $(BUILD)/vnreader
	sh tests/html_test.sh $(BUILD)/vnreader
	sh tests/reading_test.sh $(BUILD)/vnreader
	sh tests/hostile_test.sh $(BUILD)/vnreader
	sh tests/interactive_test.sh $(BUILD)/vnreader
	@echo "vnreader: all tests passed"

asan: test-deps fuzz-deps
	@$(MAKE) --no-print-directory check BUILD=build-asan CC=clang \
	  CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined'

bench: bench-deps all $(BUILD)/bench_normalize $(BUILD)/first_byte $(BUILD)/bench_playback
	sh tests/bench.sh $(BUILD)/vnreader

# Helpers of tests/bench.sh: in-process normalizer throughput; time to a program's first byte.
$(BUILD)/bench_normalize: tests/bench/bench_normalize.c $(BUILD)/libvnreader.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvnreader.a $(LIBS)
$(BUILD)/first_byte: tests/bench/first_byte.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<
# Live playback latencies on the null device, in process.
$(BUILD)/bench_playback: tests/bench/bench_playback.c $(BUILD)/libvnreader.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libvnreader.a $(LIBS)

# --- Fuzzing: libFuzzer targets linked with the library built under the same sanitizers. ------
FUZZ_SECONDS ?= 20
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz-deps: deps
	$(call need_debs,$(FUZZ_DEBS))
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory -j2 fuzz-build BUILD=build-fuzz CC=clang \
	  CFLAGS='-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)'
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libvnreader.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(BUILD)/libvnreader.a $(LIBS)
# The same targets without libFuzzer: `make check` replays tests/crash/ through them.
$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libvnreader.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libvnreader.a $(LIBS)

# --- Valgrind memcheck over the samples: no errors, no definitely lost bytes. ------------------
valgrind-deps: test-deps
	$(call need_debs,$(VALGRIND_DEBS))
valgrind: valgrind-deps all
	sh tests/valgrind.sh $(BUILD)/vnreader

# --- Install. --------------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(INCDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	  $(DESTDIR)$(DATADIR)/voices/vi
	install -m 755 $(BUILD)/vnreader $(DESTDIR)$(PREFIX)/bin/vnreader
	install -m 644 include/vnreader.h $(DESTDIR)$(INCDIR)/vnreader.h
	install -m 644 $(BUILD)/libvnreader.a $(DESTDIR)$(LIBDIR)/libvnreader.a
	install -m 755 $(BUILD)/libvnreader.so $(DESTDIR)$(LIBDIR)/libvnreader.so.0
	ln -sf libvnreader.so.0 $(DESTDIR)$(LIBDIR)/libvnreader.so
	install -m 644 $(BUILD)/vnreader.pc $(DESTDIR)$(LIBDIR)/pkgconfig/vnreader.pc
	install -m 644 voices/*.voice $(DESTDIR)$(DATADIR)/voices/
	install -m 644 voices/vi/*.tsv $(DESTDIR)$(DATADIR)/voices/vi/
	install -d $(DESTDIR)$(SD_MODULEDIR) $(DESTDIR)$(SD_CONFDIR)
	install -m 755 $(BUILD)/sd_vnreader $(DESTDIR)$(SD_MODULEDIR)/sd_vnreader
	sed 's|@DATADIR@|$(DATADIR)/voices|; s|@BINDIR@|$(PREFIX)/bin|' data/speech-dispatcher/sd_vnreader.conf \
	  >$(DESTDIR)$(SD_CONFDIR)/sd_vnreader.conf
	sed 's|@BINDIR@|$(PREFIX)/bin|' data/speech-dispatcher/vnreader-generic.conf \
	  >$(DESTDIR)$(SD_CONFDIR)/vnreader-generic.conf
	@sed 's|@MODULE@|$(SD_MODULEDIR)/sd_vnreader|; s|@CONF@|$(SD_CONFDIR)/sd_vnreader.conf|' \
	  data/speech-dispatcher/enable.txt

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/vnreader $(DESTDIR)$(INCDIR)/vnreader.h \
	  $(DESTDIR)$(LIBDIR)/libvnreader.a $(DESTDIR)$(LIBDIR)/libvnreader.so \
	  $(DESTDIR)$(LIBDIR)/libvnreader.so.0 $(DESTDIR)$(LIBDIR)/pkgconfig/vnreader.pc \
	  $(DESTDIR)$(SD_MODULEDIR)/sd_vnreader $(DESTDIR)$(SD_CONFDIR)/sd_vnreader.conf \
	  $(DESTDIR)$(SD_CONFDIR)/vnreader-generic.conf
	rm -rf $(DESTDIR)$(DATADIR)

format:
	clang-format -i $(FORMAT_SRC)

# Formatting checked, not changed; cppcheck on a short list of checks that find real bugs.
LINT_DEBS := clang-format cppcheck
lint:
	$(call need_debs,$(LINT_DEBS))
	clang-format --dry-run -Werror $(FORMAT_SRC)
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
	  --inline-suppr --suppress=missingIncludeSystem -Iinclude -Isrc src include

clean:
	rm -rf build build-asan build-fuzz
