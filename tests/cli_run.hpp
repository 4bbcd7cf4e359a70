// Test helpers: run the built `convanim` binary and capture what it prints, and a scratch directory.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#ifndef CONVANIM_EXE
#error "CONVANIM_EXE must name the convanim binary (tests/CMakeLists.txt defines it)"
#endif

namespace test {

struct CliResult {
  int status = -1;  // the exit status; 128 + the signal number when killed by one
  std::string out, err;
};

// Runs a program (`command`'s first word, looked up in PATH) with the rest as its arguments, stdin
// from /dev/null; stdout and stderr captured separately. With a `working_directory`, it starts there.
inline CliResult run_command(std::vector<std::string> argv_strings, const std::filesystem::path& working_directory = {}) {
  const std::string directory = working_directory.string();
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe2");
  const pid_t pid = fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    if (!directory.empty() && chdir(directory.c_str()) != 0) _exit(126);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);

  CliResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "poll");
    }
    for (int n = 0; n < 2; ++n) {
      if (fds[n].fd < 0 || fds[n].revents == 0) continue;
      const ssize_t got = read(fds[n].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[n]->append(buffer, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[n].fd);
        fds[n].fd = -1;  // poll ignores negative descriptors
        --open_fds;
      }
    }
  }
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0)
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  if (WIFEXITED(wait_status)) result.status = WEXITSTATUS(wait_status);
  else if (WIFSIGNALED(wait_status)) result.status = 128 + WTERMSIG(wait_status);
  return result;
}

// Runs CONVANIM_EXE with `args`, as run_command.
inline CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& working_directory = {}) {
  std::vector<std::string> argv{CONVANIM_EXE};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(std::move(argv), working_directory);
}

// A fresh directory under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0;; ++attempt) {
      path_ = base / ("convanim_tests_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
      if (std::filesystem::create_directory(path_)) break;
      if (attempt > 1000) throw std::runtime_error("cannot create a temporary directory");
    }
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to a file of that name in the directory; returns its path.
  std::filesystem::path write(const std::string& name, std::string_view text) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream stream(file, std::ios::binary);
    stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!stream) throw std::runtime_error("cannot write " + file.string());
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace test
