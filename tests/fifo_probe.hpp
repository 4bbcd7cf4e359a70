// A FIFO the test holds open at both ends, with a marker in it. Whatever opens it never blocks (a
// reader finds a writer, a writer a reader), so a program that wrongly opens it cannot hang on it
// (it could only hang reading or writing on, which ctest's timeout ends); afterwards untouched()
// tells whether anything was read from it or written to it. No clock involved.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace test {

class FifoProbe {
 public:
  explicit FifoProbe(const std::filesystem::path& fifo)
      : fd_(open(fifo.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC)) {
    if (fd_ >= 0) written_ = write(fd_, marker.data(), marker.size()) == ssize_t(marker.size());
  }
  ~FifoProbe() {
    if (fd_ >= 0) close(fd_);
  }
  FifoProbe(const FifoProbe&) = delete;
  FifoProbe& operator=(const FifoProbe&) = delete;

  // True when the FIFO holds the marker and nothing else: nobody read from it or wrote to it.
  // Drains it: ask once, after the runs.
  bool untouched() const {
    if (fd_ < 0 || !written_) return false;
    std::string held;
    char buffer[4096];
    for (ssize_t n; (n = read(fd_, buffer, sizeof buffer)) > 0;) held.append(buffer, std::size_t(n));
    return held == marker;
  }

 private:
  static constexpr std::string_view marker = "the test's marker";
  int fd_;
  bool written_ = false;
};

}  // namespace test
