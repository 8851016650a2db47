# minhbach: the two commands are `make dev` (run the site) and `make test`.
# Each installs what it needs on a fresh Debian machine.

GO      ?= go
PORT    ?= 1313
BIN     := bin/minhbach
SASS    := node_modules/sass-embedded-linux-x64/dart-sass/sass

.PHONY: dev test setup browser db build serve check bench fmt vet clean

## dev: build the portal's own content and serve it with search and live reload
dev: setup build
	./$(BIN) dev --source . --port $(PORT)

## test: every test: vet, format, unit, end-to-end and browser tests
test: setup browser db
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt cần chạy / needs gofmt:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## setup: Dart Sass and axe-core from npm, pinned exactly in package-lock.json
setup: $(SASS)
$(SASS): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(SASS)

## browser: Debian's Chromium, and poppler's pdftotext to read its PDFs, for the browser tests
browser:
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-core poppler-utils; }

## db: Debian's PostgreSQL binaries, for internal/pgtest's throwaway servers (no cluster of the package's own is made or started)
db:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		mkdir -p /etc/postgresql-common/createcluster.d && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/minhbach.conf && \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; }

build:
	$(GO) build -o $(BIN) .

serve: setup build
	./$(BIN) build --source . && ./$(BIN) serve --site public --addr 127.0.0.1:$(PORT)

check: build
	./$(BIN) check --source .

bench: setup build
	bash bench/run.sh

clean:
	rm -rf public bin .cache
