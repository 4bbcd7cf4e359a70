#include "renderer/pending_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace convanim {

namespace {
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
}

PendingFile::PendingFile(PendingFile&& other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), done_(other.done_) {
  other.done_ = true;
}

PendingFile::~PendingFile() {
  if (!done_) std::remove(temp_.c_str());
}

void PendingFile::commit() {
  if (std::rename(temp_.c_str(), target_.c_str()) != 0)
    throw std::runtime_error(fmt::format("cannot write {}: {}", target_.string(), std::strerror(errno)));
  done_ = true;
}

}  // namespace convanim
