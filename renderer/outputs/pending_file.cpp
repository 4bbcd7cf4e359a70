#include "renderer/outputs/pending_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "src/file_kind.hpp"

namespace convanim {
namespace {

// The temporary files a signal handler must remove, as (directory descriptor, name) pairs, so that
// neither the number of files nor the length of their paths is bounded. A handler can neither
// lock nor allocate: slots live in chunks that are added when all are taken and never freed, and
// are claimed and released with atomics only.
struct Slot {
  std::atomic<bool> used{false};
  std::atomic<int> directory{-1};  // set last: a slot with a directory has its whole name
  char name[NAME_MAX + 1];
};
struct Chunk {
  static constexpr int size = 256;
  Slot slots[size];
  std::atomic<Chunk*> next{nullptr};
};
Chunk first_chunk;

Slot* claim_slot(int directory, const std::string& name) {
  for (Chunk* chunk = &first_chunk;;) {
    for (Slot& slot : chunk->slots) {
      bool expected = false;
      if (slot.used.load(std::memory_order_relaxed) || !slot.used.compare_exchange_strong(expected, true)) continue;
      std::memcpy(slot.name, name.c_str(), name.size() + 1);
      slot.directory.store(directory, std::memory_order_release);
      return &slot;
    }
    Chunk* next = chunk->next.load(std::memory_order_acquire);
    if (!next) {
      auto* fresh = new Chunk;  // never freed: the handler may be reading it at any time
      if (chunk->next.compare_exchange_strong(next, fresh)) next = fresh;
      else delete fresh;  // another thread added one first; `next` now points at it
    }
    chunk = next;
  }
}

void release_slot(void* slot) {
  if (!slot) return;
  auto* s = static_cast<Slot*>(slot);
  s->directory.store(-1, std::memory_order_release);
  s->used.store(false, std::memory_order_release);
}

extern "C" void remove_pending_and_die(int signal_number) {
  for (Chunk* chunk = &first_chunk; chunk; chunk = chunk->next.load(std::memory_order_acquire))
    for (Slot& slot : chunk->slots)
      if (const int directory = slot.directory.load(std::memory_order_acquire); directory >= 0)
        unlinkat(directory, slot.name, 0);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// A name for the temporary file: hidden, after the target so a leftover is easy to place, and
// short enough for any file system.
std::string temporary_name(const std::string& target_name, unsigned attempt) {
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t x = (std::uint64_t(getpid()) << 32) ^ counter++ ^ (std::uint64_t(attempt) << 48) ^
                    std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
  x = (x ^ (x >> 31)) * 0xBF58476D1CE4E5B9ull;  // SplitMix64's finaliser: spread the bits
  x ^= x >> 29;
  constexpr char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string random;
  for (int i = 0; i < 6; ++i, x /= 62) random += letters[x % 62];
  constexpr std::size_t decoration = 1 + 1 + 6 + 4;  // "." NAME "." XXXXXX ".tmp"
  return fmt::format(".{}.{}.tmp", target_name.substr(0, NAME_MAX - decoration), random);
}

#ifdef CONVANIM_TEST_HOOKS
// For the tests only (built into builds with CONVANIM_TESTS): with CONVANIM_TEST_COMMIT_GATE=DIR, a
// commit first makes DIR/waiting, then waits until DIR/open exists, so that a test acts at that
// point (swaps a file, sends a signal) instead of racing the render. A hang is the test's timeout.
void wait_at_commit_gate() {
  const char* gate = std::getenv("CONVANIM_TEST_COMMIT_GATE");
  if (!gate || !*gate) return;
  const std::string waiting = std::string(gate) + "/waiting", opened = std::string(gate) + "/open";
  if (const int fd = ::open(waiting.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
  constexpr useconds_t poll_interval = 10'000;
  while (access(opened.c_str(), F_OK) != 0) usleep(poll_interval);
}
#else
void wait_at_commit_gate() {}
#endif

}  // namespace

OutputError::OutputError(const std::filesystem::path& file, std::string_view what)
    : std::runtime_error(fmt::format("{}: {}", file.string(), what)) {}

void remove_pending_files_on_signals() {
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction current {};
    if (sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) continue;
    std::signal(signal_number, remove_pending_and_die);
  }
}

std::shared_ptr<OutputDirectory> OutputDirectory::open(const std::filesystem::path& path) {
  // An empty path is the working directory, and stays empty so that messages name files as given.
  const int fd = ::open(path.empty() ? "." : path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw OutputError(path.empty() ? "." : path, fmt::format("cannot open the directory: {}", std::strerror(errno)));
  return std::shared_ptr<OutputDirectory>(new OutputDirectory(fd, path));
}

std::shared_ptr<OutputDirectory> OutputDirectory::open_below(const OutputDirectory& root,
                                                             const std::filesystem::path& relative) {
  int fd = dup(root.fd());
  if (fd < 0) throw OutputError(root.path(), fmt::format("cannot open the directory: {}", std::strerror(errno)));
  std::filesystem::path reached = root.path();
  for (const std::filesystem::path& component : relative) {
    const std::string name = component.string();
    if (name.empty() || name == ".") continue;
    reached /= component;
    if (name == ".." || component.is_absolute()) {
      close(fd);
      throw OutputError(reached, "outside the output directory; outputs go below it only");
    }
    if (mkdirat(fd, name.c_str(), 0777) != 0 && errno != EEXIST) {
      const int error = errno;
      close(fd);
      throw OutputError(reached, fmt::format("cannot create the directory: {}", std::strerror(error)));
    }
    const int next = openat(fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const int error = errno;
    close(fd);
    if (next < 0)
      throw OutputError(reached, error == ELOOP || error == ENOTDIR
                                     ? "is a symlink or not a directory; outputs are never written through one"
                                     : fmt::format("cannot open the directory: {}", std::strerror(error)));
    fd = next;
  }
  return std::shared_ptr<OutputDirectory>(new OutputDirectory(fd, reached));
}

OutputDirectory::~OutputDirectory() { close(fd_); }

OutputTarget OutputTarget::at(const std::filesystem::path& path) {
  try {
    return {OutputDirectory::open(path.parent_path()), path.filename().string()};
  } catch (const OutputError& e) {
    throw OutputError(path, e.what());  // named by the file asked for, then its directory's trouble
  }
}

PendingFile::PendingFile(const OutputTarget& target)
    : directory_(target.directory), name_(target.filename), target_(target.path()) {
  if (name_.empty() || name_ == "." || name_ == ".." || name_.find('/') != std::string::npos)
    throw OutputError(target_, "not a file name");
  create();
}

void PendingFile::create() {
  // An existing target must be a regular file the user can write; its permissions carry over.
  struct stat existing {};
  std::optional<mode_t> keep_mode;
  if (fstatat(directory_->fd(), name_.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0) {
    if (!S_ISREG(existing.st_mode))
      throw OutputError(target_, fmt::format("exists and is {}; only a regular file is ever replaced",
                                             file_kind(existing.st_mode)));
    if ((existing.st_mode & 0222) == 0) throw OutputError(target_, "cannot write: the file is read-only");
    keep_mode = existing.st_mode & 07777;
  }
  for (unsigned attempt = 0;; ++attempt) {
    temp_name_ = temporary_name(name_, attempt);
    // Read-write: a muxer reads back what it wrote (MP4's faststart). Registered before it exists, so that no signal can come between creating and registering.
    slot_ = claim_slot(directory_->fd(), temp_name_);
    fd_ = Descriptor(
        openat(directory_->fd(), temp_name_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
    if (fd_) break;
    const int error = errno;
    release_slot(slot_);
    slot_ = nullptr;
    if (error != EEXIST || attempt == 100)
      throw OutputError(target_, fmt::format("cannot write: {}", std::strerror(error)));
  }
  struct stat created {};
  if (fstat(fd_.get(), &created) != 0 || (keep_mode && fchmod(fd_.get(), *keep_mode) != 0)) {
    const int error = errno;
    discard();
    throw OutputError(target_, fmt::format("cannot write: {}", std::strerror(error)));
  }
  device_ = created.st_dev;
  inode_ = created.st_ino;
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : directory_(std::move(other.directory_)), name_(std::move(other.name_)),
      temp_name_(std::move(other.temp_name_)), target_(std::move(other.target_)), fd_(std::move(other.fd_)),
      device_(other.device_), inode_(other.inode_), done_(other.done_), slot_(other.slot_) {
  other.done_ = true;
  other.slot_ = nullptr;
}

PendingFile::~PendingFile() { discard(); }

void PendingFile::discard() noexcept {
  fd_.close();
  if (!done_) unlinkat(directory_->fd(), temp_name_.c_str(), 0);
  done_ = true;
  release_slot(slot_);
  slot_ = nullptr;
}

void PendingFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw OutputError(target_, fmt::format("writing: {}", std::strerror(n < 0 ? errno : EIO)));
    bytes.remove_prefix(std::size_t(n));
  }
}

void PendingFile::close() {
  if (!fd_) return;
  if (fd_.close() != 0) throw OutputError(target_, fmt::format("writing: {}", std::strerror(errno)));
}

void PendingFile::commit() {
  close();
  wait_at_commit_gate();
  // Rename only the file this object created: the name must still lead to the same inode, of a
  // regular file (closed, the file's inode number is free again: a symlink made in its place can get
  // the same number).
  struct stat now {};
  if (fstatat(directory_->fd(), temp_name_.c_str(), &now, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(now.st_mode) ||
      now.st_dev != device_ || now.st_ino != inode_)
    throw OutputError(target_, "the temporary file was replaced while it was being written; nothing was renamed");
  struct stat existing {};
  if (fstatat(directory_->fd(), name_.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(existing.st_mode))
    throw OutputError(target_, fmt::format("exists and is {}; only a regular file is ever replaced",
                                           file_kind(existing.st_mode)));
  if (renameat(directory_->fd(), temp_name_.c_str(), directory_->fd(), name_.c_str()) != 0)
    throw OutputError(target_, fmt::format("cannot write: {}", std::strerror(errno)));
  done_ = true;
  release_slot(slot_);
  slot_ = nullptr;
}

void BufferedWriter::write(const unsigned char* data, std::size_t size) {
  buffer_.append(reinterpret_cast<const char*>(data), size);
  if (buffer_.size() >= capacity) flush();
}

void BufferedWriter::flush() {
  file_.write(buffer_);
  buffer_.clear();
}

}  // namespace convanim
