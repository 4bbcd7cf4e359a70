#include "app/cli/progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/core.h>

#include "src/config/config_error.hpp"

namespace convanim::cli {
namespace {
constexpr int bar_width = 24;
constexpr std::size_t names_shown = 3;

std::string clock_text(double seconds) {
  const int whole = int(seconds + 0.5);
  return fmt::format("{}:{:02}", whole / 60, whole % 60);
}
}  // namespace

Progress::Progress(Mode mode, std::size_t total) : mode_(mode), total_(total) {}

void Progress::started(const std::string& name) {
  std::lock_guard lock(mutex_);
  current_.insert(name);
  if (mode_ == Mode::bar) draw_bar();
}

void Progress::rendered(const std::string& name, double seconds) {
  std::lock_guard lock(mutex_);
  ++rendered_;
  if (mode_ == Mode::lines)
    fmt::print(stderr, "[{}/{}] rendered {} ({:.2f} s)\n", rendered_ + skipped_ + failed_, total_, one_line(name), seconds);
  done(name);
}

void Progress::skipped(const std::string& name) {
  std::lock_guard lock(mutex_);
  ++skipped_;
  if (mode_ == Mode::lines)
    fmt::print(stderr, "[{}/{}] up to date {}\n", rendered_ + skipped_ + failed_, total_, one_line(name));
  done(name);
}

void Progress::failed(const std::string& name, const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++failed_;
  clear_bar();
  fmt::print(stderr, "{}\n", one_line(fmt::format("failed {}: {}", name, reason)));
  done(name);
}

void Progress::done(const std::string& name) {
  current_.erase(name);
  if (mode_ == Mode::bar) draw_bar();
}

void Progress::clear_bar() {
  if (mode_ == Mode::bar) fmt::print(stderr, "\r\033[K");
}

void Progress::draw_bar() {
  const std::size_t finished = rendered_ + skipped_ + failed_;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const int filled = total_ ? int(bar_width * finished / total_) : bar_width;
  std::string names;
  std::size_t shown = 0;
  for (const std::string& name : current_) {
    if (shown++ == names_shown) { names += ", ..."; break; }
    names += (names.empty() ? "" : ", ") + one_line(name);
  }
  const std::string eta = finished ? clock_text(elapsed / double(finished) * double(total_ - finished)) : "-:--";
  std::string line = fmt::format("[{}{}] {}/{} elapsed {} eta {} {}", std::string(std::size_t(filled), '#'),
                                 std::string(std::size_t(bar_width - filled), '.'), finished, total_,
                                 clock_text(elapsed), eta, names);
  // One line that never wraps, or the next redraw would not overwrite it.
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 && line.size() >= size.ws_col)
    line.resize(std::size_t(size.ws_col - 1));
  fmt::print(stderr, "\r\033[K{}", line);
  std::fflush(stderr);
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  clear_bar();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (mode_ != Mode::quiet || failed_ > 0)
    fmt::print(stderr, "{} rendered, {} skipped, {} failed ({:.2f} s)\n", rendered_, skipped_, failed_, elapsed);
}

}  // namespace convanim::cli
