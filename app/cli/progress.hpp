// Batch progress on stderr: a redrawn bar on a terminal, a line per config otherwise, nothing but
// errors when quiet. Safe to call from several render threads.
#pragma once

#include <chrono>
#include <mutex>
#include <set>
#include <string>

namespace convanim::cli {

class Progress {
 public:
  enum class Mode { bar, lines, quiet };
  Progress(Mode mode, std::size_t total);

  void started(const std::string& name);
  void rendered(const std::string& name, double seconds);
  void skipped(const std::string& name);
  void failed(const std::string& name, const std::string& reason);
  void finish();  // the summary line

  std::size_t failures() const { return failed_; }

 private:
  void done(const std::string& name);
  void draw_bar();
  void clear_bar();

  Mode mode_;
  std::size_t total_, rendered_ = 0, skipped_ = 0, failed_ = 0;
  std::set<std::string> current_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
};

}  // namespace convanim::cli
