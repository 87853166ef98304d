# vnreader - Vietnamese text-to-speech reader.
#   make            build build/vnreader and build/libvnreader.{a,so}
#   make run        install missing Debian packages, build, read a sample article
#   make test       install missing Debian packages, build, run every test
#   make asan       the test suite under AddressSanitizer + UBSan (build-asan/)
#   make bench      the benchmark table (not a test), then bench-pages
#   make bench-pages  extraction on real web pages kept out of the repository (not a test)
#   make audit      every Vietnamese syllable through --phonemes, misreads by class, per voice
#   make fuzz       FUZZ_SECONDS=20 : each libFuzzer target under tests/fuzz/ (build-fuzz/)
#   make valgrind   the program on every sample under Valgrind memcheck
#   make install    PREFIX=/usr/local DESTDIR= : program, header, library, voices, vnreader.pc,
#                   man pages, the speech-dispatcher module (built again for PREFIX: build/installed)
#   make uninstall  the same PREFIX and DESTDIR: removes every file and folder install made
#   make deb        the Debian packages (dpkg-buildpackage in a clone under build/deb)
#   make package-test  build them, check them with lintian, run the program from a dpkg -x root
#   make format     clang-format every source file
#   make lint       formatting check (clang-format) and cppcheck, as CI runs them
#   make clean

PREFIX  ?= /usr/local
# The library's ABI: SOMAJOR goes up whenever a change breaks existing callers (README "The code").
VERSION := 0.2.0
SOMAJOR := 1
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

PKGS    := espeak-ng portaudio-2.0 sndfile lame libutf8proc libxml-2.0 soxr libebur128 libzip
# Opened with dlopen() at their first use (src/core/dl.h), so not linked: compiled against, and
# named by the soname of the library the headers belong to.
DL_PKGS := libcurl poppler-glib
soname = $(shell objdump -p $(shell pkg-config --variable=libdir $(1) 2>/dev/null)/$(2) 2>/dev/null | \
           awk '/SONAME/ { print $$2 }')
DL_FLAGS = -DVNR_CURL_SONAME='"$(call soname,libcurl,libcurl.so)"' \
           -DVNR_POPPLER_SONAME='"$(call soname,poppler-glib,libpoppler-glib.so)"'
DATADIR := $(PREFIX)/share/vnreader
LIBDIR  ?= $(PREFIX)/lib
INCDIR  := $(PREFIX)/include
MANDIR  := $(PREFIX)/share/man
# speech-dispatcher: where Debian's server looks for module programs (a relative AddModule
# binary) and for module configs (/etc for PREFIX=/usr, else under PREFIX).
SD_MODULEDIR ?= $(LIBDIR)/speech-dispatcher-modules
SD_CONFDIR   ?= $(if $(filter /usr,$(PREFIX)),,$(PREFIX))/etc/speech-dispatcher/modules

# Debian packages: to build, and (TEST_DEBS) to run the tests and the benchmark.
BUILD_DEBS := build-essential pkg-config libespeak-ng-dev espeak-ng-data portaudio19-dev \
              libsndfile1-dev libutf8proc-dev libsoxr-dev libxml2-dev libebur128-dev pandoc \
              libcurl4-openssl-dev libzip-dev libpoppler-glib-dev libmp3lame-dev
# The Debian package (make deb, tests/package_test.sh).
DEB_DEBS   := dpkg-dev debhelper fakeroot lintian
# python3-reportlab, fonts-dejavu-core: tests/documents_test.sh (PDFs with Vietnamese text);
# ffmpeg, sox, bsdutils (script): tests/broadcast_test.sh; parallel, openssh-server,
# openssh-client, rsync: tests/parallel_ssh_test.sh (the multi-machine recipe, two local sshd).
TEST_DEBS  := espeak-ng python3 parallel tmux speech-dispatcher binutils python3-reportlab \
              fonts-dejavu-core ffmpeg sox bsdutils openssh-server openssh-client rsync
BENCH_DEBS := hyperfine time ffmpeg util-linux
FUZZ_DEBS  := clang libclang-rt-14-dev
VALGRIND_DEBS := valgrind

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wundef -Wvla -Wpointer-arith -Wcast-qual
CFLAGS  ?= -O2 -g
# The uninstalled program reads the source tree's voices/; the copy `make install` builds
# (INSTALLED=1, in build/installed) knows only PREFIX's (src/speech/voice.c: vnr_data_dir).
SOURCE_DATADIR_FLAG = $(if $(INSTALLED),,-DVNR_SOURCE_DATADIR='"$(CURDIR)/voices"')
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CPPFLAGS) $(CFLAGS) -fPIC \
           $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null) $(DL_FLAGS) \
           -DVNR_INSTALL_DATADIR='"$(DATADIR)/voices"' $(SOURCE_DATADIR_FLAG) \
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

.PHONY: all run test check asan bench bench-pages install uninstall clean format lint deps test-deps bench-deps
.PHONY: fuzz fuzz-build fuzz-deps valgrind valgrind-deps man installed install-files deb package-test audit

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
	$(CC) -shared -Wl,-soname,libvnreader.so.$(SOMAJOR) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/vnreader: $(CLI_OBJ) $(BUILD)/libvnreader.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libvnreader.a $(LIBS)

# The speech-dispatcher output module (src/sd/; README: "Screen readers").
$(BUILD)/sd_vnreader: $(SD_OBJ) $(BUILD)/libvnreader.a
	$(CC) $(LDFLAGS) -o $@ $(SD_OBJ) $(BUILD)/libvnreader.a $(LIBS)

# PREFIX is baked into vnr_data_dir() and vnreader.pc: this file changes when PREFIX does, so
# both are rebuilt (`make install PREFIX=/opt/x` after `make` gets /opt/x, not /usr/local).
PREFIX_STAMP := $(BUILD)/prefix.stamp
ifeq ($(filter clean format lint deps test-deps,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD) && [ "$$(cat $(PREFIX_STAMP) 2>/dev/null)" = "$(PREFIX) $(LIBDIR)" ] || \
  echo "$(PREFIX) $(LIBDIR)" >$(PREFIX_STAMP))
endif
$(BUILD)/src/speech/voice.o: $(PREFIX_STAMP)

$(BUILD)/vnreader.pc: Makefile $(PREFIX_STAMP)
	@mkdir -p $(BUILD)
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCDIR)' '' \
	  'Name: vnreader' 'Description: Vietnamese text-to-speech reader (normalizer + eSpeak NG)' \
	  'Version: $(VERSION)' 'Requires.private: $(PKGS)' 'Libs: -L$${libdir} -lvnreader' \
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
	sh tests/harness_test.sh $(BUILD)
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
	python3 tests/symbols_test.py $(BUILD)/vnreader
	sh tests/html_test.sh $(BUILD)/vnreader
	sh tests/url_test.sh $(BUILD)/vnreader
	sh tests/documents_test.sh $(BUILD)/vnreader
	sh tests/reading_test.sh $(BUILD)/vnreader
	sh tests/hostile_test.sh $(BUILD)/vnreader
	sh tests/interactive_test.sh $(BUILD)/vnreader
	sh tests/reliability_test.sh $(BUILD)/vnreader
	sh tests/signal_test.sh $(BUILD)/vnreader
	sh tests/install_test.sh
	sh tests/pronounce_test.sh $(BUILD)/vnreader
	@echo "vnreader: all tests passed"

asan: test-deps fuzz-deps
	@$(MAKE) --no-print-directory check BUILD=build-asan CC=clang \
	  CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined'

bench: bench-deps all $(BUILD)/bench_normalize $(BUILD)/first_byte $(BUILD)/bench_playback \
       $(BUILD)/bench_meter
	sh tests/bench.sh $(BUILD)/vnreader
	sh tests/real_pages.sh $(BUILD)/vnreader

# Real web pages (tests/html/real/fetch_list.txt): what is heard of them, against what should be.
bench-pages: all
	sh tests/real_pages.sh $(BUILD)/vnreader

# The syllable audit of issue 11 (README: "How each voice pronounces"): all syllables, every
# class of misread, with the issue's limits on the frequency-weighted rates.
audit: test-deps all
	python3 tests/audit/audit.py $(BUILD)/vnreader --report \
	  --limit north=0.0005 --limit central=0.005 --limit south=0.005

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
# The loudness meter and the true-peak check against a plain pass over the same samples.
$(BUILD)/bench_meter: tests/bench/bench_meter.c $(BUILD)/libvnreader.a
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
# Targets of the speech-dispatcher module's own parts (not in the library) take its sources.
FUZZ_EXTRA_fuzz_sd := src/sd/sd_in.c src/sd/sd_ssml.c src/sd/sd_out.c
.SECONDEXPANSION:
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $$(FUZZ_EXTRA_$$*) $(BUILD)/libvnreader.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(FUZZ_EXTRA_$*) $(BUILD)/libvnreader.a $(LIBS)
# The same targets without libFuzzer: `make check` replays tests/crash/ through them.
$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $$(FUZZ_EXTRA_$$*) $(BUILD)/libvnreader.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(FUZZ_EXTRA_$*) $(BUILD)/libvnreader.a $(LIBS)

# --- Valgrind memcheck over the samples: no errors, no definitely lost bytes. ------------------
valgrind-deps: test-deps
	$(call need_debs,$(VALGRIND_DEBS))
valgrind: valgrind-deps all
	sh tests/valgrind.sh $(BUILD)/vnreader

# --- Install. --------------------------------------------------------------------------------
# The man pages are written in man/*.md and made with pandoc.
MAN_PAGES := $(BUILD)/man/vnreader.1 $(BUILD)/man/sd_vnreader.8
man: $(MAN_PAGES)
$(BUILD)/man/%: man/%.md
	@mkdir -p $(dir $@)
	pandoc -s -t man -o $@ $<

# What install makes, folders first (their parents too: uninstall removes those it created).
INSTALL_DIRS := $(PREFIX)/bin $(INCDIR) $(LIBDIR)/pkgconfig $(DATADIR)/voices/vi $(DATADIR)/voices/web \
                $(MANDIR)/man1 $(MANDIR)/man8 $(SD_MODULEDIR) $(SD_CONFDIR)
INSTALL_FILES := $(PREFIX)/bin/vnreader $(INCDIR)/vnreader.h $(LIBDIR)/libvnreader.a \
                 $(LIBDIR)/libvnreader.so.$(SOMAJOR) $(LIBDIR)/libvnreader.so \
                 $(LIBDIR)/pkgconfig/vnreader.pc $(MANDIR)/man1/vnreader.1 \
                 $(MANDIR)/man8/sd_vnreader.8 $(SD_MODULEDIR)/sd_vnreader \
                 $(SD_CONFDIR)/sd_vnreader.conf $(SD_CONFDIR)/vnreader-generic.conf
# The list of folders install created, kept with the data for uninstall.
CREATED_DIRS := $(DATADIR)/created-folders

# ldconfig when the library went straight (no DESTDIR) into a folder the dynamic linker searches
# (/usr/local/lib, /usr/lib/x86_64-linux-gnu ...), so `vnreader` finds it at once.
LDCONFIG_IF_SYSTEM = if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null && \
	  { case "$(LIBDIR)" in /lib|/lib/*|/usr/lib|/usr/lib/*|/usr/local/lib|/usr/local/lib/*) true ;; \
	    *) grep -rqsx "$(LIBDIR)" /etc/ld.so.conf /etc/ld.so.conf.d ;; esac; }; then \
	  echo ldconfig; ldconfig; fi

# The installed copy: built again in $(BUILD)/installed without the source tree's voices.
installed:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/installed INSTALLED=1 all man

install: installed
	@set -e; D="$(DESTDIR)"; created=""; \
	for d in $(INSTALL_DIRS) $(DATADIR); do \
	  while [ ! -d "$$D$$d" ] && [ "$$d" != / ] && [ "$$d" != . ]; do \
	    created="$$created $$d"; d=$$(dirname "$$d"); done; \
	done; \
	install -d $(addprefix "$$D",$(INSTALL_DIRS)); \
	{ cat "$$D$(CREATED_DIRS)" 2>/dev/null || true; printf '%s\n' $$created; } | \
	  sort -u | sed '/^$$/d' >"$(BUILD)/installed/created-folders"
	$(MAKE) --no-print-directory install-files BUILD=$(BUILD)/installed INSTALLED=1

install-files:
	install -m 755 $(BUILD)/vnreader $(DESTDIR)$(PREFIX)/bin/vnreader
	install -m 644 include/vnreader.h $(DESTDIR)$(INCDIR)/vnreader.h
	install -m 644 $(BUILD)/libvnreader.a $(DESTDIR)$(LIBDIR)/libvnreader.a
	install -m 644 $(BUILD)/libvnreader.so $(DESTDIR)$(LIBDIR)/libvnreader.so.$(SOMAJOR)
	ln -sf libvnreader.so.$(SOMAJOR) $(DESTDIR)$(LIBDIR)/libvnreader.so
	install -m 644 $(BUILD)/vnreader.pc $(DESTDIR)$(LIBDIR)/pkgconfig/vnreader.pc
	install -m 644 voices/*.voice $(DESTDIR)$(DATADIR)/voices/
	install -m 644 voices/vi/*.tsv $(DESTDIR)$(DATADIR)/voices/vi/
	install -m 644 voices/web/*.tsv $(DESTDIR)$(DATADIR)/voices/web/
	install -d $(DESTDIR)$(DATADIR)/voices/vi/pronunciation
	install -m 644 voices/vi/pronunciation/*.tsv $(DESTDIR)$(DATADIR)/voices/vi/pronunciation/
	install -m 644 $(BUILD)/created-folders $(DESTDIR)$(CREATED_DIRS)
	install -m 644 $(BUILD)/man/vnreader.1 $(DESTDIR)$(MANDIR)/man1/vnreader.1
	install -m 644 $(BUILD)/man/sd_vnreader.8 $(DESTDIR)$(MANDIR)/man8/sd_vnreader.8
	install -m 755 $(BUILD)/sd_vnreader $(DESTDIR)$(SD_MODULEDIR)/sd_vnreader
	sed 's|@DATADIR@|$(DATADIR)/voices|; s|@BINDIR@|$(PREFIX)/bin|' data/speech-dispatcher/sd_vnreader.conf \
	  >$(DESTDIR)$(SD_CONFDIR)/sd_vnreader.conf
	sed 's|@BINDIR@|$(PREFIX)/bin|' data/speech-dispatcher/vnreader-generic.conf \
	  >$(DESTDIR)$(SD_CONFDIR)/vnreader-generic.conf
	@# A shared library in a folder the dynamic linker searches needs its cache updated (not for
	@# a package being staged in DESTDIR: the package's trigger does it on the target).
	@$(LDCONFIG_IF_SYSTEM)
	@sed 's|@MODULE@|$(SD_MODULEDIR)/sd_vnreader|; s|@CONF@|$(SD_CONFDIR)/sd_vnreader.conf|' \
	  data/speech-dispatcher/enable.txt

# Every file install put there, then the folders it created (deepest first; a folder that holds
# something else stays).
uninstall:
	@folders=$$(cat "$(DESTDIR)$(CREATED_DIRS)" 2>/dev/null); \
	rm -f $(addprefix "$(DESTDIR)",$(INSTALL_FILES)); \
	rm -rf "$(DESTDIR)$(DATADIR)"; \
	for d in $$(printf '%s\n' $$folders | awk '{ print length, $$0 }' | sort -rn | cut -d' ' -f2-); do \
	  rmdir "$(DESTDIR)$$d" 2>/dev/null || true; done; \
	$(LDCONFIG_IF_SYSTEM); \
	echo "vnreader: uninstalled from $(DESTDIR)$(PREFIX)"

# The Debian packages, built from a clone of the committed tree so that dpkg-buildpackage leaves
# nothing in this one: build/deb/*.deb.
deb:
	$(call need_debs,$(DEB_DEBS) $(BUILD_DEBS))
	sh tests/package_test.sh --build-only $(BUILD)/deb

# CI (.ci/run): the packages build, pass lintian, and their program runs from an unpacked root.
package-test:
	$(call need_debs,$(DEB_DEBS) $(BUILD_DEBS))
	sh tests/package_test.sh

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
