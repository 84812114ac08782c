# tdkt — make run starts the app (embedded PostgreSQL + demo data); make test runs every test.
GO      ?= go
PKGS    ?= ./...
TESTFLAGS ?= -race -count=1 -timeout 15m

.PHONY: run build test generate check-generated lint vet migrate-new bench clean axe vnu

run:
	$(GO) build -o bin/tdkt ./cmd/tdkt
	./bin/tdkt

build:
	$(GO) build -trimpath -o bin/tdkt ./cmd/tdkt

generate:
	$(GO) tool templ generate

# Fails when a *_templ.go file is out of date with its .templ source.
check-generated:
	@before=$$(find . -name '*_templ.go' -not -path './var/*' | sort | xargs cat | sha256sum); \
	$(GO) tool templ generate >/dev/null 2>&1 || { echo "templ generate failed"; exit 1; }; \
	after=$$(find . -name '*_templ.go' -not -path './var/*' | sort | xargs cat | sha256sum); \
	if [ "$$before" != "$$after" ]; then echo "generated templ code was stale: run make generate and commit"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

lint: vet
	$(GO) tool staticcheck $(PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

test: check-generated lint axe vnu
	TDKT_AXE=required $(GO) test $(TESTFLAGS) $(PKGS)

# axe-core (test-only, pinned in web/testdata/axe/package-lock.json) for the
# accessibility checks of the browser tests; installed from the npm registry.
AXE_DIR := web/testdata/axe
axe: $(AXE_DIR)/node_modules/axe-core/axe.min.js

$(AXE_DIR)/node_modules/axe-core/axe.min.js: $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	cd $(AXE_DIR) && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# The Nu HTML Checker (vnu.jar, test-only, pinned in
# web/testdata/vnu/package-lock.json; it runs on Java, Debian's
# default-jre-headless) checks every page the browser tests are served.
VNU_DIR := web/testdata/vnu
vnu: $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar: $(VNU_DIR)/package.json $(VNU_DIR)/package-lock.json
	cd $(VNU_DIR) && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# Render micro-benchmarks, then page load at 32 concurrent users on the
# demo data (one Sở) and on a province-size dataset (200 units, 20,000 people).
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 3 ./web/view/
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./internal/award/ ./internal/store/ ./web/
	$(GO) run ./cmd/tdkt-bench -people 0 -c 32 -d 5s
	$(GO) run ./cmd/tdkt-bench -people 20000 -units 200 -c 32 -d 10s
	$(GO) run ./cmd/tdkt-bench -province 1 -c 32 -d 10s
	$(GO) run ./cmd/tdkt-bench -province 5 -c 32 -d 10s -compare var/bench-province-1.json

# make migrate-new name=add_campaigns
migrate-new:
	@test -n "$(name)" || { echo "usage: make migrate-new name=what_it_does"; exit 1; }
	@n=$$(ls migrations/*.up.sql 2>/dev/null | sed 's|.*/0*\([0-9]*\)_.*|\1|' | sort -n | tail -1); \
	n=$$(printf '%06d' $$(( $${n:-0} + 1 ))); \
	printf 'BEGIN;\n\nCOMMIT;\n' > migrations/$${n}_$(name).up.sql; \
	printf 'BEGIN;\n\nCOMMIT;\n' > migrations/$${n}_$(name).down.sql; \
	echo "created migrations/$${n}_$(name).{up,down}.sql"

clean:
	rm -rf bin $(AXE_DIR)/node_modules $(VNU_DIR)/node_modules
