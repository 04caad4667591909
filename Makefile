# The two commands (README): `make run` and `make test`. Both install what is missing first.
.PHONY: run stop test bootstrap build unit integration sanitize bench format lint clean

run:            ## stack + all five services; prints the portal URL; Ctrl-C or `make stop` ends it
	@scripts/run

stop:           ## stops what `make run` started: the services, then the stack
	@scripts/run --stop

test:           ## bootstrap, build (-Werror), unit, integration against the real stack, sanitizers
	@scripts/test

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@cmake --preset release >/dev/null && cmake --build --preset release

unit: bootstrap
	@scripts/test --only unit

integration: bootstrap
	@scripts/test --only integration

sanitize: bootstrap
	@scripts/test --only asan

bench: bootstrap
	@bench/run

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

lint:
	@scripts/lint

clean:
	@rm -rf build
