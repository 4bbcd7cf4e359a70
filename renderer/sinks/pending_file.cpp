#include "renderer/sinks/pending_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace convanim {

namespace {

// Temporary files a signal handler may remove: fixed storage and atomics only, since a handler can
// neither lock nor allocate. Best effort: a file finds no slot when all are taken.
constexpr int max_pending = 512;
constexpr std::size_t max_path = 1024;
struct PendingSlot {
  std::atomic<bool> used{false};
  char path[max_path];
};
PendingSlot pending_slots[max_pending];

int claim_slot(const std::string& path) {
  if (path.size() >= max_path) return -1;
  for (int i = 0; i < max_pending; ++i) {
    bool expected = false;
    if (pending_slots[i].used.load(std::memory_order_relaxed) ||
        !pending_slots[i].used.compare_exchange_strong(expected, true))
      continue;
    std::memcpy(pending_slots[i].path, path.c_str(), path.size() + 1);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    return i;
  }
  return -1;
}

void release_slot(int slot) {
  if (slot >= 0) pending_slots[slot].used.store(false);
}

extern "C" void remove_pending_and_die(int signal_number) {
  for (PendingSlot& slot : pending_slots)
    if (slot.used.load()) unlink(slot.path);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// The process's umask, read once (umask() can only be read by setting it).
mode_t creation_mask() {
  static const mode_t mask = [] {
    const mode_t m = umask(0);
    umask(m);
    return m;
  }();
  return mask;
}
}  // namespace

PendingFile::PendingFile(std::filesystem::path target) : target_(std::move(target)) {
  // A target the user made read-only stays as it is, even though rename() could replace it.
  struct stat existing {};
  if (stat(target_.c_str(), &existing) == 0 && (existing.st_mode & 0222) == 0)
    throw std::runtime_error(fmt::format("cannot write {}: the file is read-only", target_.string()));
  const auto directory = target_.parent_path().empty() ? std::filesystem::path(".") : target_.parent_path();
  // Hidden, and named after the target so a leftover from a killed process is easy to place.
  std::string pattern = (directory / fmt::format(".{}.XXXXXX.tmp", target_.filename().string())).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = mkstemps(name.data(), 4);
  if (fd < 0)
    throw std::runtime_error(fmt::format("cannot write {}: {}", target_.string(), std::strerror(errno)));
  // mkstemps makes the file private; give it the permissions any new file would get.
  fchmod(fd, 0666 & ~creation_mask());
  close(fd);
  temp_ = name.data();
  slot_ = claim_slot(temp_);
}

void remove_pending_files_on_signals() {
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, remove_pending_and_die);
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), done_(other.done_), slot_(other.slot_) {
  other.done_ = true;
  other.slot_ = -1;
}

PendingFile::~PendingFile() {
  if (!done_) std::remove(temp_.c_str());
  release_slot(slot_);
}

void PendingFile::commit() {
  if (std::rename(temp_.c_str(), target_.c_str()) != 0)
    throw std::runtime_error(fmt::format("cannot write {}: {}", target_.string(), std::strerror(errno)));
  done_ = true;
  release_slot(slot_);
  slot_ = -1;
}

}  // namespace convanim
