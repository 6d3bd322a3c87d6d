import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a finished child process left behind.
public struct ProcessOutput: Sendable, Equatable {
  public var status: Int32
  public var stdout: String
  public var stderr: String

  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }

  public var succeeded: Bool { status == 0 }
}

/// Runs git. The seam between release logic and the machine; tests use the real one.
public protocol GitClient: Sendable {
  /// Runs `git <arguments>` in `directory` with `environment` added to the inherited environment.
  func run(_ arguments: [String], in directory: String, environment: [String: String]) -> ProcessOutput
}

extension GitClient {
  func run(_ arguments: [String], in directory: String) -> ProcessOutput {
    run(arguments, in: directory, environment: [:])
  }
}

/// The real git, started with `posix_spawn`.
///
/// Not Foundation's `Process`: on Linux its `waitUntilExit()` polls the run loop every 50 ms,
/// which alone would cost more than the whole `version next` computation on a large repository.
public struct ProcessGitClient: GitClient {
  /// Path of the git executable; `nil` searches `PATH`.
  public var executable: String?

  public init(executable: String? = nil) { self.executable = executable }

  public func run(_ arguments: [String], in directory: String, environment: [String: String]) -> ProcessOutput
  {
    var env = ProcessInfo.processInfo.environment
    // Machine-readable output regardless of the user's locale; never wait for a terminal prompt.
    env["LC_ALL"] = "C"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.removeValue(forKey: "GIT_DIR")
    env.removeValue(forKey: "GIT_WORK_TREE")
    for (key, value) in environment { env[key] = value }
    let path = executable ?? Self.gitPath
    // `-C` instead of a chdir file action, which Glibc's module does not export.
    return ChildProcess.run(path: path, arguments: [path, "-C", directory] + arguments, environment: env)
  }

  /// `git` from `PATH`, resolved once.
  static let gitPath: String = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = "\(dir)/git"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return "/usr/bin/git"
  }()
}

/// A child process with captured stdout and stderr.
enum ChildProcess {
  /// Serialises pipe creation and spawning, so no child inherits a pipe another thread is
  /// setting up (Glibc's module does not export `pipe2(O_CLOEXEC)`).
  private static let spawnLock = NSLock()

  static func run(path: String, arguments: [String], environment: [String: String]) -> ProcessOutput {
    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    spawnLock.lock()
    guard makePipe(&outPipe), makePipe(&errPipe) else {
      spawnLock.unlock()
      return ProcessOutput(status: 127, stdout: "", stderr: "cannot create pipes: errno \(errno)")
    }
    defer { for fd in [outPipe[0], errPipe[0]] { close(fd) } }

    #if canImport(Darwin)
      var actions: posix_spawn_file_actions_t?
      var attributes: posix_spawnattr_t?
    #else
      var actions = posix_spawn_file_actions_t()
      var attributes = posix_spawnattr_t()
    #endif
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    // The child starts with default signal handling (the Swift runtime ignores SIGPIPE).
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    close(outPipe[1])
    close(errPipe[1])
    spawnLock.unlock()
    guard spawned == 0 else {
      return ProcessOutput(
        status: 127, stdout: "", stderr: "cannot run \(path): \(String(cString: strerror(spawned)))")
    }
    let (out, err) = drain(outPipe[0], errPipe[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as functions.
    let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ProcessOutput(
      status: exitStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  /// A pipe whose ends close on exec (the child gets its own copies through `dup2`).
  private static func makePipe(_ fds: inout [Int32]) -> Bool {
    guard pipe(&fds) == 0 else { return false }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return true
  }

  /// Reads both pipes to their end, in parallel via `poll`, so neither can fill up and block.
  private static func drain(_ outFD: Int32, _ errFD: Int32) -> ([UInt8], [UInt8]) {
    var out: [UInt8] = []
    var err: [UInt8] = []
    var open = [outFD: true, errFD: true]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open.values.contains(true) {
      var fds = open.filter(\.value).map { pollfd(fd: $0.key, events: Int16(POLLIN), revents: 0) }
      let ready = poll(&fds, nfds_t(fds.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        break
      }
      for entry in fds where entry.revents != 0 {
        let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
        if count > 0 {
          if entry.fd == outFD {
            out.append(contentsOf: buffer[..<count])
          } else {
            err.append(contentsOf: buffer[..<count])
          }
        } else if count == 0 || errno != EINTR {
          open[entry.fd] = false
        }
      }
    }
    return (out, err)
  }
}
