import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Swaps what two paths name in one step (Linux's `renameat2` with `RENAME_EXCHANGE`): a web
/// server reading the second path finds the old folder or the new one, never nothing. False,
/// with nothing changed, where the system or the file system cannot (a kernel before 3.15,
/// some network file systems): the caller then renames twice.
func exchangePaths(_ first: String, _ second: String) -> Bool {
  guard let renameat2 = renameat2Function else { return false }
  return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
}

private let renameExchange: UInt32 = 1 << 1

private typealias RenameAt2 = @convention(c) (
  Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
) -> Int32

/// glibc's `renameat2` (2.28 and later), looked up by name: Swift's Glibc module leaves it out.
private let renameat2Function: RenameAt2? = {
  guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
  return unsafeBitCast(symbol, to: RenameAt2.self)
}()
