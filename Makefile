# jconshgen: build, re-render the golden scripts, and test everything.
#   make                  build the jar
#   make test             unit tests, the Java example (examples/java), golden files, shellcheck/sh -n, bats (root: real containers)
#   make generate         re-render generated/ (scripts, EXPLAIN.md, topology.dot) from examples/*.yaml
#   make check-generated  fail when generated/ differs from what the generator renders now
#   make deps             install the Debian packages the tests need (as root)
#   make fleet-test       export ansible on three hosts made of namespaces here: apply, verify, reports, destroy (root; installs ansible)
#   make vm-test          the generated scripts of every example in a qemu VM on a pure cgroup v2 kernel (and bats-tests/vm.bats)
#   make bench            the benchmark: a table in bench/results.md (as root; installs runc, bwrap)
#   make chaos            200 applies stopped by SIGKILL/SIGTERM at random, each destroyed; leaks in bench/chaos.md (root)
#   make man              man pages (troff) into generator/cli/target/man, from picocli's generator
#   make install          launcher, jar, man pages and completion under PREFIX (default /usr/local)
#   make uninstall        remove what 'make install' put under PREFIX
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
MVN := mvn -q -B
JAR := generator/cli/target/jconshgen.jar
# its class-data archive: see $(CDS) below
CDS := generator/cli/target/jconshgen.jsa
EXAMPLES := $(wildcard examples/*.yaml)
DEB_PACKAGES := busybox-static bats bats-assert bats-support parallel shellcheck tmux iproute2 util-linux iputils-ping asciidoctor man-db graphviz qemu-system-x86 cpio strace runc mksh yash posh umoci attr

# Lesson scripts in generated/NAME/, robust ones in generated/NAME/robust/; a lab's: the bridge's
# in generated/LAB/ (and LAB/robust/), each member's in generated/LAB/MEMBER/ (and LAB/robust/MEMBER/).
GENERATED_SCRIPTS = $(wildcard generated/*/*.sh generated/*/*/*.sh generated/*/*/*/*.sh)

.PHONY: bench bench-deps chaos fleet-deps fleet-test
.PHONY: all build deps generate check-generated lint unit java-example bats test clean man install uninstall vm-test

all: build

# The jar is made again only when a source is newer (mvn package re-shades it every time, and a
# new jar makes the class-data archive below be made again: 13 s for nothing, twice per make test).
# (schema/ is packaged too: 'jconshgen schema' prints it from the jar)
JAR_SOURCES := $(shell find generator/*/src/main templates schema -type f) pom.xml $(wildcard generator/*/pom.xml)
build: $(CDS)

$(JAR): $(JAR_SOURCES)
	$(MVN) -DskipTests package
	@touch $@

# The benchmark (bench/run.sh): start-up, container cycles, apply/destroy, runc and bwrap as
# peers, scale. Its peers and GNU time come from Debian, like the test packages.
BENCH_PACKAGES := runc bubblewrap time
bench-deps:
	@$(MAKE) -s deps DEB_PACKAGES="$(BENCH_PACKAGES)"

bench: build bench-deps
	bench/run.sh

# Chaos figures (not part of 'make test'): apply stopped at a random moment by SIGKILL or SIGTERM,
# then destroy, then the leak check with the spec's names; CHAOS_RUNS, CHAOS_SEED (bench/chaos.sh).
chaos: build
	bench/chaos.sh

# A class of machines (bats-tests/fleet.bats): 'export ansible' run by Ansible on three hosts, each
# its own network, UTS, IPC, PID and mount namespace here, reached by the nsenter connection of
# Debian's ansible package (community.docker); python3-apt is what the playbook's apt task needs
# on a host. Not in 'make test', which needs no Ansible; .ci/run runs both. The play recaps and
# the reports the playbook collected are kept in FLEET_RECORD and printed.
FLEET_PACKAGES := ansible ansible-core python3-apt openjdk-17-jre-headless
FLEET_RECORD := generator/cli/target/fleet
fleet-deps:
	@$(MAKE) -s deps DEB_PACKAGES="$(DEB_PACKAGES) $(FLEET_PACKAGES)"

fleet-test: build fleet-deps
	@rm -rf $(FLEET_RECORD)
	FLEET_RECORD=$(CURDIR)/$(FLEET_RECORD) bats --print-output-on-failure --timing bats-tests/fleet.bats
	@for f in $(FLEET_RECORD)/recap-*.txt; do echo "== $$f"; cat "$$f"; done
	@echo "== the reports the first run collected:"
	@for f in $(FLEET_RECORD)/reports/*/*.xml; do echo "$$f: $$(grep -o '<testsuite [^>]*>' "$$f")"; done

# A class-data archive (AppCDS) of what jconshgen's commands load, from training runs (see
# generator/cds-archive.sh): it cuts jconshgen's start-up (bench/results.md). bin/jconshgen uses
# it while it is newer than the jar.
$(CDS): $(JAR) generator/cds-archive.sh
	generator/cds-archive.sh $(JAR) $@

# Missing packages are installed when we are root, otherwise named with the exact command.
# busybox must be the static build (the container has no shared libraries): the package is
# checked, not only the command.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	command -v java >/dev/null || missing="$$missing openjdk-17-jdk-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	if [ -z "$$missing" ]; then echo "deps: everything is installed"; exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
		echo "deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "deps: missing$$missing"; \
		echo "install them with: sudo apt-get install -y --no-install-recommends$$missing"; exit 1; \
	fi

# A Debian kernel and Java runtime (downloaded once into vm/.cache, never installed) boot in qemu
# with software emulation (VM_KVM=1 for KVM) on a pure cgroup v2 hierarchy and run every example's
# generated scripts, 'jconshgen verify SPEC --pid' with this jar, the cleanup and a leak check;
# see vm/run.sh.
vm-test: build
	vm/run.sh
	@# the VM harness's own tests (a broken script or cleanup fails it): five more boots
	bats --print-output-on-failure --timing bats-tests/vm.bats

# picocli writes one AsciiDoc page per command (with the exit codes every --help shows);
# asciidoctor turns them into troff. 'reproducible' keeps the build date out of the pages.
MAN_DIR := generator/cli/target/man
man: build
	@rm -rf $(MAN_DIR) && mkdir -p $(MAN_DIR)/adoc
	@# picocli's generator is not in the runnable jar: the build copies it to man-tools/
	java -cp $(JAR):$$(ls generator/cli/target/man-tools/picocli-codegen-*.jar) dev.jconshgen.cli.Main man-pages -o $(MAN_DIR)/adoc >/dev/null
	asciidoctor -b manpage -a reproducible -D $(MAN_DIR) $(MAN_DIR)/adoc/*.adoc
	@echo "man pages in $(MAN_DIR): $$(cd $(MAN_DIR) && ls *.1 | tr '\n' ' ')"

# The launcher finds the jar at ../share/jconshgen beside its own bin/; completion is picocli's
# bash script, which zsh loads through bashcompinit (see 'jconshgen completion --help').
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_ROOT = $(DESTDIR)$(PREFIX)
install: man
	install -d $(INSTALL_ROOT)/bin $(INSTALL_ROOT)/share/jconshgen $(INSTALL_ROOT)/share/man/man1 \
		$(INSTALL_ROOT)/share/bash-completion/completions
	install -m 0644 $(JAR) $(INSTALL_ROOT)/share/jconshgen/jconshgen.jar
	@# the archive names the jar it was made from: made again for the installed one
	generator/cds-archive.sh $(INSTALL_ROOT)/share/jconshgen/jconshgen.jar $(INSTALL_ROOT)/share/jconshgen/jconshgen.jsa
	install -m 0755 bin/jconshgen $(INSTALL_ROOT)/bin/jconshgen
	install -m 0644 $(MAN_DIR)/*.1 $(INSTALL_ROOT)/share/man/man1/
	java -jar $(JAR) completion > $(INSTALL_ROOT)/share/bash-completion/completions/jconshgen
	@echo "installed jconshgen under $(INSTALL_ROOT)"

uninstall:
	rm -f $(INSTALL_ROOT)/bin/jconshgen $(INSTALL_ROOT)/share/man/man1/jconshgen.1 $(INSTALL_ROOT)/share/man/man1/jconshgen-*.1 \
		$(INSTALL_ROOT)/share/bash-completion/completions/jconshgen
	rm -rf $(INSTALL_ROOT)/share/jconshgen

# generated/NAME/ holds the lesson scripts, generated/NAME/robust/ the robust ones (see
# generator/render-examples.sh, which both targets use).
generate: build
	@for spec in $(EXAMPLES); do rm -rf generated/$$(basename $$spec .yaml); done
	@generator/render-examples.sh $(JAR) generated

check-generated: build
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	generator/render-examples.sh $(JAR) $$tmp >/dev/null || exit 1; \
	if ! diff -ru generated $$tmp; then \
		echo "generated/ is not what the generator renders now: run 'make generate' and commit the result"; exit 1; \
	fi; echo "generated/ is up to date"

# Every generated script: shellcheck as POSIX sh, and parsed ('sh -n') by every POSIX shell that
# Debian packages, each called as sh through a link of that name (bash then parses in its POSIX
# mode, busybox as its ash); a shell that is not installed is named (make deps installs them).
POSIX_SHELLS := dash bash busybox mksh yash posh
lint: check-generated
	shellcheck -s sh $(GENERATED_SCRIPTS)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for s in $(POSIX_SHELLS); do \
		bin=$$(command -v $$s) || { echo "sh -n ($$s): NOT RUN, $$s is not installed (make deps)"; continue; }; \
		mkdir "$$tmp/$$s" && ln -s "$$bin" "$$tmp/$$s/sh" || exit 1; \
		for f in $(GENERATED_SCRIPTS); do "$$tmp/$$s/sh" -n $$f || { echo "syntax error in $$f ($$s as sh)"; exit 1; }; done; \
		echo "sh -n ($$s as sh): ok"; \
	done

# install, not only verify: examples/java builds against the local repository's artifacts, which
# INSTALLED says are current; one Maven lifecycle in 'make test' instead of two.
unit:
	$(MVN) install
	@touch $(INSTALLED)

# examples/java: a Maven project that uses jconshgen as a library (Jconshgen.apply, the JUnit 5
# extension), built against what 'mvn install' puts in the local repository.
INSTALLED := generator/cli/target/installed.stamp
$(INSTALLED): $(JAR_SOURCES)
	$(MVN) -DskipTests install
	@touch $@

java-example: $(INSTALLED)
	$(MVN) -f examples/java/pom.xml test

BATS_TAP := generator/cli/target/bats.tap

# The files run in parallel (GNU parallel), BATS_JOBS at a time, each file's tests in order. Tests
# of different files share no host-global names, except the few that use the handout's own and
# take a lock for them ('exclusive' in helpers.bash); each one's leak check counts only what
# carries its own names. The longest files start first; the rest follow in name order.
# vm.bats boots qemu five times: it runs in 'make vm-test'.
# 3 on 2 cores: make test took 12 min 6 s with 3, 12 min 53 s with 4 (the JVMs then only wait longer)
BATS_JOBS ?= 3
BATS_FIRST := $(addprefix bats-tests/,names-taken.bats apply.bats failures.bats lint.bats load.bats hostile-corpus.bats \
	preflight.bats rootless.bats lab-kind.bats shells.bats)
BATS_FILES := $(BATS_FIRST) $(filter-out $(BATS_FIRST) bats-tests/vm.bats bats-tests/fleet.bats,$(sort $(wildcard bats-tests/*.bats)))
# GNU parallel prints a citation notice (into the TAP) unless told it was read: in a home of its own.
PARALLEL_HOME := $(CURDIR)/generator/cli/target/parallel

bats: build
	@mkdir -p $(PARALLEL_HOME) && touch $(PARALLEL_HOME)/will-cite
	@# --timing: each test's duration in the TAP (which tests dominate the run)
	PARALLEL_HOME=$(PARALLEL_HOME) JCONSHGEN_MAKE_LINT_PASSED=$(LINT_PASSED) bats --jobs $(BATS_JOBS) --no-parallelize-within-files --print-output-on-failure \
		--timing --tap $(BATS_FILES) | tee $(BATS_TAP)

# The last line counts every test that ran: JUnit (every module's surefire reports) and bats (TAP).
SUREFIRE_REPORTS = generator/*/target/surefire-reports/*.txt
# lint runs right before bats here: lint.bats then skips the checks it has just made (LINT_PASSED).
# Sequential on purpose: running the bats files beside JUnit, the Java example and lint gained
# nothing (11 min 56 s against 11 min 50 s): the machine's two cores are busy either way.
test: LINT_PASSED := 1
test: deps unit java-example lint bats
	@cat $(SUREFIRE_REPORTS) | awk -F'[:,] *' '/^Tests run:/ { run += $$2; failed += $$4 + $$6; skipped += $$8 } \
		END { printf "junit: %d passed, %d failed, %d skipped\n", run - failed - skipped, failed, skipped }'
	@awk '/^ok .*# skip/ { s++; next } /^ok / { p++ } /^not ok / { f++ } \
		END { printf "bats: %d passed, %d failed, %d skipped\n", p, f, s }' $(BATS_TAP)
	@cat $(SUREFIRE_REPORTS) $(BATS_TAP) | awk -F'[:,] *' \
		'/^Tests run:/ { p += $$2 - $$4 - $$6 - $$8; f += $$4 + $$6; s += $$8; next } \
		/^ok .*# skip/ { s++; next } /^ok / { p++ } /^not ok / { f++ } \
		END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'

clean:
	$(MVN) clean
