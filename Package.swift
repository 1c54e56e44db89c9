// swift-tools-version: 6.0
// The targets follow the data flow, and dependencies point one way only:
// CCMarkGFM → PackMarkdown → PubPack → PackPreview / PackCommands → pubpack.
import PackageDescription

let allocator: [LinkerSetting] = [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]

let package = Package(
  name: "pubpack",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "pubpack", targets: ["pubpack"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
    .package(url: "https://github.com/swhitty/FlyingFox.git", from: "0.27.1"),
  ],
  targets: [
    // The C boundary: Debian's libcmark-gfm through pkg-config.
    .systemLibrary(
      name: "CCMarkGFM",
      pkgConfig: "libcmark-gfm",
      providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
    ),
    // The only Swift code that touches the cmark-gfm C API.
    .target(name: "PackMarkdown", dependencies: ["CCMarkGFM"]),
    // The core: load → validate → embargo → render → template → write.
    .target(
      name: "PubPack",
      dependencies: [
        "PackMarkdown",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "CSV", package: "CSV.swift"),
      ]
    ),
    // The preview server: serves builds from memory with live reload; never writes the site.
    .target(
      name: "PackPreview",
      dependencies: [
        "PubPack",
        .product(name: "FlyingFox", package: "FlyingFox"),
        .product(name: "FlyingSocks", package: "FlyingFox"),
      ]
    ),
    // The command-line layer: parses flags, reads the clock and the environment, prints.
    .target(
      name: "PackCommands",
      dependencies: [
        "PubPack",
        "PackPreview",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Both executables allocate through mimalloc (Debian's libmimalloc) instead of glibc's
    // malloc: a build makes and frees millions of small objects on every core, and glibc's
    // allocator slowed as the heap grew (a 50,000-page build took a fifth longer; bench/RESULTS.md).
    .executableTarget(name: "pubpack", dependencies: ["PackCommands"], linkerSettings: allocator),
    // The benchmark's in-process half (preview latency); bench/run builds and runs it.
    .executableTarget(name: "pubpack-bench", dependencies: ["PubPack"], linkerSettings: allocator),
    .testTarget(name: "PackMarkdownTests", dependencies: ["PackMarkdown"]),
    .testTarget(
      name: "PubPackTests",
      dependencies: [
        "PubPack", "PackCommands", "pubpack",
        // The outcomes tests build small ODS files (a ZIP of XML) of their own.
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      // Golden files are read from the source tree by the tests, not bundled.
      exclude: ["Documents/Golden"]
    ),
    // The preview tests also run the `pubpack` executable (Ctrl-C, a taken port).
    .testTarget(name: "PackPreviewTests", dependencies: ["PackPreview", "PubPack", "pubpack"]),
  ],
  swiftLanguageModes: [.v6]
)
