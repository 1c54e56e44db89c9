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

# The preview's server tests run on their own, after the rest: on 2 cores the rest's long
# synchronous tests can hold every thread of the test process's pool for a minute, and a server
# on that pool then answers nobody (a 414 test timed out so in full runs).
test: deps
	@echo "make: swift build --build-tests"
	@swift build --build-tests
	@echo "make: swift test --skip-build --skip '^PackPreviewTests\.'"
	@swift test --skip-build --skip '^PackPreviewTests\.'
	@echo "make: swift test --skip-build --filter '^PackPreviewTests\.'"
	@swift test --skip-build --filter '^PackPreviewTests\.'
