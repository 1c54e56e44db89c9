# The two commands a newcomer needs (see the README):
#   make sample   install what is missing, build pubpack, build the sample pack into site/
#   make test     install what is missing, run the whole test suite
.PHONY: sample test build deps

deps:
	@./scripts/install-dependencies

build: deps
	@echo "make: swift build"
	@swift build

sample: build
	@echo "make: .build/debug/pubpack build   (the sample pack in content/ into site/)"
	@.build/debug/pubpack build

test: deps
	@echo "make: swift test"
	@swift test
