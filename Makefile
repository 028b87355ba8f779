# Thin wrapper over scripts/ and Meson: the targets the README tells you to type.
.PHONY: all setup build run test fuzz bench lint check-po clean

DEMO_DB ?= lwp-demo.db
PORT ?= 8080

all: build

setup:
	./scripts/setup.sh

build: setup
	./scripts/build.sh build

run: build
	./build/src/cli/lwp demo --db $(DEMO_DB) --port $(PORT)

test:
	./scripts/test.sh

fuzz: setup
	./scripts/build.sh build-fuzz
	./tests/fuzz/run.sh 300

bench: build
	./bench/invitation.sh build 10
	./bench/mdp-bench.sh build
	./bench/split-bench.sh build

check-po:
	python3 scripts/check_po.py .

lint: build
	./scripts/lint.sh

clean:
	rm -rf build build-asan build-fuzz
