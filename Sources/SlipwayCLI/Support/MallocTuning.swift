#if os(Linux)
  /// glibc's `mallopt` (not exported by the Glibc module; `malloc.h` is not part of it).
  @_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Process-wide allocator settings for a short-lived command that builds large trees on every core.
///
/// With glibc's defaults a heap gives memory back to the kernel as soon as 128 KiB sit free at its
/// top, and a worker thread's heap grows one page range at a time; a 5,000-job lint then spends
/// ~7,400 `mprotect` calls shrinking and regrowing heaps (2,100 with these settings) and re-faults
/// the pages it gave back. The process exits soon after, so it keeps what it allocated.
/// Measured in benchmarks/RESULTS.md ("allocator settings").
enum MallocTuning {
  /// `M_TRIM_THRESHOLD`, `M_TOP_PAD`, `M_MMAP_THRESHOLD` in glibc's `malloc.h`.
  private static let trimThreshold: Int32 = -1
  private static let topPad: Int32 = -2
  private static let mmapThreshold: Int32 = -3

  static func apply() {
    #if os(Linux)
      _ = mallopt(trimThreshold, 512 << 20)
      _ = mallopt(topPad, 32 << 20)
      // Also turns off glibc's sliding mmap threshold: blocks below 32 MiB come from the heaps.
      _ = mallopt(mmapThreshold, 32 << 20)
    #endif
  }
}
