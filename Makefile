# sigmakql build and test entry points. `make test` is what CI runs.
GO      ?= go
SHARED  ?= ../shared
ORACLE  := .cache/kql-oracle
FUZZTIME ?= 10s

.PHONY: build test unit conformance fuzz bench oracle generate vet clean

build:
	$(GO) build -o bin/sigmakql ./cmd/sigmakql

# test runs the unit and golden suite plus the conformance runs over $(SHARED)/data
# (they skip themselves when it is absent). The KQL oracle is installed first when
# node and the shared tool are present, so emitted KQL is refereed by Kusto.Language.
test: vet oracle
	$(GO) test -count=1 -timeout 30m ./...

unit:
	$(GO) test -short ./...

# conformance runs only the tests over the shared corpora.
conformance: oracle
	$(GO) test -count=1 -timeout 30m -run 'Conformance' -v ./... 2>&1 | grep -E '^(=== RUN|--- |\s+\w+_test.go|ok|FAIL|PASS)' || true

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (gofmt -l . && echo 'gofmt needed' && exit 1)

# oracle installs Microsoft's Kusto.Language checker (npm) into $(ORACLE); skipped
# quietly when node or $(SHARED) is missing.
oracle:
	@if [ -d "$(SHARED)/tools/kql-oracle" ] && command -v npm >/dev/null 2>&1; then \
		if [ ! -d "$(ORACLE)/node_modules/@kusto/language-service-next" ]; then \
			mkdir -p $(ORACLE) && cp -r $(SHARED)/tools/kql-oracle/. $(ORACLE)/ && \
			(cd $(ORACLE) && npm ci --no-audit --no-fund --loglevel=error); \
		fi; \
	else echo "kql-oracle not installed: conformance checks against Kusto.Language will skip"; fi

# fuzz runs every fuzz target briefly.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

generate:
	$(GO) generate ./...

clean:
	rm -rf bin .cache
