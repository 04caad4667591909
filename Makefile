# The two commands (README): `make run` and `make test`. Both install what is missing first.
.PHONY: run stop reset backup restore test soak fuzz bootstrap build unit integration sanitize bench format lint clean

run:            ## stack + all five services on the kept data; prints the portal URL; Ctrl-C or `make stop` ends it
	@scripts/run

stop:           ## stops what `make run` started: the services, then the stack; the data is kept
	@scripts/run --stop

reset:          ## stops `make run` and deletes its data folder
	@scripts/run --reset

backup:         ## every database and the object storage of `make run`, into one archive (FILE=... to name it)
	@scripts/backup create $(FILE)

restore:        ## puts a backup back into `make run` (FILE=archive), replacing what is there
	@scripts/backup restore $(FILE)

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

soak: bootstrap ## the long forms of the fault tests (tests/faults), of the Kafka cluster test (tests/cluster: CLUSTER_SECONDS=60, CLUSTER_KILLS=3), of the schemathesis run (SCHEMA_EXAMPLES=100) and of fuzzing (FUZZ_SECONDS=300 a target)
	@scripts/test --only soak

fuzz: bootstrap  ## every fuzz target of fuzz/ for FUZZ_SECONDS (15) each (clang-14, libFuzzer, ASan + UBSan)
	@scripts/test --only fuzz

bench: bootstrap
	@bench/run

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

lint:
	@scripts/lint

clean:
	@rm -rf build
