// Output misuse (issue 7), one TEST_CASE per class: a failure of output exits 1 with one line naming
// the file; nothing is written outside the place asked for, never through a symlink, a device, a
// FIFO or a libav URL; an existing file keeps its kind and permissions; no temporary file outlives a
// render, whether it fails, is refused or is interrupted; an ignored signal stays ignored.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "decode.hpp"
#include "fifo_probe.hpp"
#include "renderer/outputs/pending_file.hpp"

namespace fs = std::filesystem;
using test::CliResult;
using test::read_bytes;
using test::run_cli;
using test::TempDir;

namespace {

const std::string good_config = R"({"operation": "convolution", "input": 4, "kernel": 3})";  // 4 steps

// Every entry under `dir`, relative, symlinks not followed; `skip` (relative) left out with its content.
std::set<std::string> tree(const fs::path& dir, const std::string& skip = "") {
  std::set<std::string> names;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().lexically_relative(dir).string();
    if (!skip.empty() && name == skip) {
      it.disable_recursion_pending();
      continue;
    }
    names.insert(name);
  }
  return names;
}

// Regular files under `dir`, relative, the batch's hidden stamps left out.
std::set<std::string> outputs_under(const fs::path& dir) {
  std::set<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (fs::is_regular_file(entry.symlink_status()) && entry.path().extension() != ".convanim-stamp")
      names.insert(entry.path().lexically_relative(dir).string());
  return names;
}

// Names like the renderer's temporary files, ".TARGET.XXXXXX.tmp", anywhere under `dir`.
std::vector<std::string> temporary_files(const fs::path& dir) {
  std::vector<std::string> found;
  std::error_code error;  // files come and go while a render runs
  for (auto it = fs::recursive_directory_iterator(dir, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.size() > 5 && name.front() == '.' && name.ends_with(".tmp")) found.push_back(name);
  }
  return found;
}

// "STEM0042.png": a per-step file's name, the step zero-padded to `width` digits.
std::string step_png(const std::string& stem, int step, std::size_t width) {
  const std::string digits = std::to_string(step);
  return stem + std::string(width - std::min(width, digits.size()), '0') + digits + ".png";
}

// Exit `status`, nothing on stdout, one line on stderr starting "convanim: " that names `names`.
void check_output_error(const CliResult& result, int status, const std::string& names) {
  INFO("status " << result.status << "\nstdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.status == status);
  CHECK(result.out.empty());
  REQUIRE_FALSE(result.err.empty());
  CHECK(result.err.back() == '\n');
  CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
  CHECK_THAT(result.err, Catch::StartsWith("convanim: "));
  CHECK_THAT(result.err, Catch::Contains(names));
}

struct FileState {
  bool exists = false;
  mode_t mode = 0;
  dev_t rdev = 0;
  ino_t inode = 0;
  std::string target;  // a symlink's
  bool operator==(const FileState&) const = default;
};
FileState state_of(const fs::path& path) {
  struct stat status {};
  if (lstat(path.c_str(), &status) != 0) return {};
  FileState state{true, status.st_mode, status.st_rdev, status.st_ino, {}};
  if (S_ISLNK(status.st_mode)) state.target = fs::read_symlink(path).string();
  return state;
}

mode_t mode_bits(const fs::path& path) {
  struct stat status {};
  REQUIRE(stat(path.c_str(), &status) == 0);
  return status.st_mode & 07777;
}

class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t mask) : old_(umask(mask)) {}
  ~UmaskGuard() { umask(old_); }

 private:
  mode_t old_;
};

// A `convanim` child started by hand: what run_cli cannot do (signals, limits). Its stdout and
// stderr go to files in `logs` (or /dev/null).
struct Spawn {
  std::vector<int> ignored_signals;  // set to SIG_IGN between fork and exec
  rlim_t file_size_limit = RLIM_INFINITY;
  fs::path logs;
  fs::path commit_gate;  // CONVANIM_TEST_COMMIT_GATE: the child stops at its first commit (see CommitGate)
};
pid_t spawn(const std::vector<std::string>& args, const Spawn& how) {
  std::vector<std::string> strings{CONVANIM_EXE};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment;
  for (char** entry = environ; *entry; ++entry) environment.emplace_back(*entry);
  if (!how.commit_gate.empty()) environment.push_back("CONVANIM_TEST_COMMIT_GATE=" + how.commit_gate.string());
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const std::string out = how.logs.empty() ? "/dev/null" : (how.logs / "stdout").string();
  const std::string err = how.logs.empty() ? "/dev/null" : (how.logs / "stderr").string();
  const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE(out_fd >= 0);
  REQUIRE(err_fd >= 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // async-signal-safe calls only until exec
    for (const int signal_number : how.ignored_signals) signal(signal_number, SIG_IGN);
    if (how.file_size_limit != RLIM_INFINITY) {
      const rlimit limit{how.file_size_limit, how.file_size_limit};
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) FAIL("waitpid: " << errno);
  return status;
}

// The pause point of a spawned render (CONVANIM_TEST_COMMIT_GATE): the child stops before its first
// commit, with every temporary file of its outputs written, until opened.
class CommitGate {
 public:
  explicit CommitGate(const fs::path& dir) : dir_(dir) { fs::create_directories(dir); }
  const fs::path& path() const { return dir_; }
  // Waits until the child stands at the gate (true) or has exited (false, `status` set). No
  // deadline: a child that never comes is ctest's timeout.
  bool reached(pid_t pid, int& status) const {
    while (!fs::exists(dir_ / "waiting")) {
      if (waitpid(pid, &status, WNOHANG) == pid) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }
  void open() const { std::ofstream(dir_ / "open").put('\n'); }

 private:
  fs::path dir_;
};

// A directory whose path is longer than 1,100 characters, below `dir`.
fs::path long_directory(const fs::path& dir) {
  fs::path path = dir;
  for (char c = 'a'; c < 'g'; ++c) path /= std::string(200, c);
  fs::create_directories(path);
  return path;
}

}  // namespace

TEST_CASE("hardening: output failures are one line naming the file, and leave nothing", "[hardening]") {
  const TempDir dir;
  const std::string config = dir.write("good.json", good_config).string();
  SECTION("a missing directory") {
    for (const fs::path& target : {dir.path() / "missing/a.gif", dir.path() / "missing/a.png"}) {
      check_output_error(run_cli({"render", config, "-o", target.string()}), 1, (dir.path() / "missing").string());
      CHECK(tree(dir.path()) == std::set<std::string>{"good.json"});
    }
  }
  SECTION("a write that fails part-way (a file size limit standing in for a full disk)") {
    fs::create_directory(dir.path() / "logs");
    for (const std::string extension : {".gif", ".mp4", ".png", ".svg", ".cairo.svg", ".pdf", ".json"}) {
      CAPTURE(extension);
      const fs::path target = dir.path() / ("limited" + extension);
      // Each of these is larger than 2 KiB. SIGXFSZ is left to its default, which kills: the program
      // ignores it itself, so that the write fails with EFBIG and is reported.
      const int status = wait_for(spawn({"render", config, "-o", target.string()}, {{}, 2048, dir.path() / "logs", {}}));
      CHECK_FALSE(WIFSIGNALED(status));
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 1);
      const std::string err = read_bytes(dir.path() / "logs/stderr");
      CHECK(read_bytes(dir.path() / "logs/stdout").empty());
      CHECK(std::count(err.begin(), err.end(), '\n') == 1);
      CHECK_THAT(err, Catch::StartsWith("convanim: " + (dir.path() / "limited").string()) &&
                          Catch::Contains(extension + ": "));
      CHECK(temporary_files(dir.path()).empty());
      CHECK(tree(dir.path(), "logs") == std::set<std::string>{"good.json"});
    }
  }
}

TEST_CASE("hardening: devices, FIFOs and symlinks are never replaced, by -o or --manifest", "[hardening]") {
  const TempDir dir;
  const std::string config = dir.write("good.json", good_config).string();
  fs::create_directory(dir.path() / "configs");
  dir.write("configs/good.json", good_config);
  const fs::path victim = dir.write("victim.gif", "the victim's bytes");
  fs::create_symlink("victim.gif", dir.path() / "link.gif");
  fs::create_symlink("victim.gif", dir.path() / "link.json");
  fs::create_symlink("not_yet.gif", dir.path() / "dangling.gif");
  fs::create_directory(dir.path() / "directory.gif");
  fs::create_symlink("directory.gif", dir.path() / "dir_link.gif");
  REQUIRE(mkfifo((dir.path() / "fifo.gif").c_str(), 0600) == 0);
  std::vector<std::string> targets{"link.gif", "dangling.gif", "dir_link.gif", "directory.gif", "fifo.gif"};
  if (mknod((dir.path() / "full.gif").c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0) targets.push_back("full.gif");
  else WARN("cannot make a device node here: the -o device-node case is skipped");

  std::vector<fs::path> watched;
  for (const std::string& name : targets) watched.push_back(dir.path() / name);
  watched.push_back(victim);
  if (fs::exists("/dev/full")) watched.push_back("/dev/full");
  std::vector<FileState> before;
  for (const fs::path& path : watched) before.push_back(state_of(path));
  const auto tree_before = tree(dir.path());
  const test::FifoProbe probe(dir.path() / "fifo.gif");  // a writer that opened it would not block

  for (const std::string& name : targets) {
    CAPTURE(name);
    const fs::path target = dir.path() / name;
    check_output_error(run_cli({"render", config, "-o", target.string()}), 1, target.string());
  }
  if (fs::exists("/dev/full")) check_output_error(run_cli({"render", config, "-o", "/dev/full"}), 1, "/dev/full");

  for (const std::string& manifest : {(dir.path() / "link.json").string(), std::string("/dev/full")}) {
    if (!fs::exists(manifest)) continue;
    CAPTURE(manifest);
    const CliResult result = run_cli({"batch", (dir.path() / "configs").string(), "-o", (dir.path() / "out").string(),
                                      "--manifest", manifest, "--force"});
    CHECK(result.status == 1);
    CHECK_THAT(result.err, Catch::Contains("failed " + manifest + ": "));
  }

  for (std::size_t i = 0; i < watched.size(); ++i) {
    CAPTURE(watched[i]);
    CHECK(state_of(watched[i]) == before[i]);
  }
  CHECK(read_bytes(victim) == "the victim's bytes");
  CHECK(tree(dir.path(), "out") == tree_before);
  CHECK(fs::is_empty(dir.path() / "directory.gif"));
  CHECK(probe.untouched());  // nothing written to it
  CHECK(temporary_files(dir.path()).empty());
}

TEST_CASE("hardening: an existing target keeps its permissions, and a read-only one is refused", "[hardening]") {
  const TempDir dir;
  const std::string config = dir.write("good.json", good_config).string();
  const fs::path private_file = dir.write("private.gif", "old"), group_file = dir.write("group.gif", "old");
  fs::permissions(private_file, fs::perms(0600));
  fs::permissions(group_file, fs::perms(0640));
  {
    const UmaskGuard mask(022);
    REQUIRE(run_cli({"render", config, "-o", private_file.string(), "-o", group_file.string(), "-o",
                     (dir.path() / "new.gif").string()})
                .status == 0);
  }
  CHECK(mode_bits(private_file) == 0600);
  CHECK(mode_bits(group_file) == 0640);
  CHECK(mode_bits(dir.path() / "new.gif") == 0644);
  CHECK(test::read_gif_structure(private_file).image_count == 4);
  CHECK(test::read_gif_structure(group_file).image_count == 4);
  {
    const UmaskGuard mask(077);
    REQUIRE(run_cli({"render", config, "-o", (dir.path() / "new_private.gif").string()}).status == 0);
  }
  CHECK(mode_bits(dir.path() / "new_private.gif") == 0600);

  const fs::path read_only = dir.write("read_only.gif", "keep me");
  fs::permissions(read_only, fs::perms(0444));
  check_output_error(run_cli({"render", config, "-o", read_only.string()}), 1, read_only.string());
  CHECK(read_bytes(read_only) == "keep me");
  CHECK(mode_bits(read_only) == 0444);
  CHECK(temporary_files(dir.path()).empty());
  fs::permissions(read_only, fs::perms(0644));
}

TEST_CASE("hardening: outputs named like libav URLs are plain files", "[hardening]") {
  const TempDir dir;
  dir.write("good.json", good_config);
  check_output_error(run_cli({"render", "good.json", "-o", "pipe:1/a.gif"}, dir.path()), 1, "pipe:1");
  CHECK(tree(dir.path()) == std::set<std::string>{"good.json"});

  for (const char* directory : {"pipe:1", "file:x", "x"}) fs::create_directory(dir.path() / directory);
  const CliResult result = run_cli({"render", "good.json", "-o", "pipe:1/a.gif", "-o", "file:x/a.mp4"}, dir.path());
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK(result.out.empty());
  CHECK(tree(dir.path()) ==
        std::set<std::string>{"good.json", "pipe:1", "pipe:1/a.gif", "file:x", "file:x/a.mp4", "x"});
  CHECK(test::decode_video(dir.path() / "pipe:1/a.gif").frames.size() == 4);
  CHECK(test::decode_video(dir.path() / "file:x/a.mp4").frames.size() == 4);  // a frame a step
}

TEST_CASE("hardening: batch writes below OUTDIR only, naming outputs from the paths as given", "[hardening]") {
  const TempDir dir;
  fs::create_directories(dir.path() / "inside");
  fs::create_directories(dir.path() / "outside");
  dir.write("outside/evil.json", good_config);
  fs::create_symlink("../outside/evil.json", dir.path() / "inside/link.json");
  for (const auto& paths : {std::vector<std::string>{"inside"}, std::vector<std::string>{"inside/link.json"}}) {
    CAPTURE(paths[0]);
    std::vector<std::string> args{"batch"};
    args.insert(args.end(), paths.begin(), paths.end());
    args.insert(args.end(), {"-o", "out"});
    const CliResult result = run_cli(args, dir.path());
    INFO(result.err);
    CHECK(result.status == 0);
    CHECK(outputs_under(dir.path() / "out") == std::set<std::string>{"link.gif"});
    CHECK(tree(dir.path(), "out") == std::set<std::string>{"inside", "inside/link.json", "outside", "outside/evil.json"});
    fs::remove_all(dir.path() / "out");
  }

  SECTION("a symlink inside OUTDIR, to a directory or to a file, is not written through") {
    fs::create_directories(dir.path() / "configs/sub");
    dir.write("configs/a.json", good_config);
    dir.write("configs/sub/b.json", good_config);
    dir.write("configs/c.json", good_config);
    fs::create_directories(dir.path() / "out");
    fs::create_directories(dir.path() / "elsewhere");
    fs::create_symlink("../elsewhere", dir.path() / "out/sub");
    const fs::path victim = dir.write("victim.gif", "the victim's bytes");
    fs::create_symlink("../victim.gif", dir.path() / "out/c.gif");
    const CliResult result = run_cli({"batch", "configs", "-o", "out"}, dir.path());
    CHECK(result.status == 1);
    CHECK_THAT(result.err, Catch::Contains("failed sub/b: ") && Catch::Contains("failed c: ") &&
                               Catch::Contains("1 rendered, 0 skipped, 2 failed"));
    CHECK(fs::is_empty(dir.path() / "elsewhere"));
    CHECK(read_bytes(victim) == "the victim's bytes");
    CHECK(fs::is_symlink(dir.path() / "out/c.gif"));
    CHECK(outputs_under(dir.path() / "out") == std::set<std::string>{"a.gif"});
  }
}

TEST_CASE("hardening: configs that would write the same file are refused before rendering", "[hardening]") {
  const TempDir dir;
  for (const char* file : {"a/x.json", "b/x.json", "d1/x.json", "d2/x.json"}) {
    fs::create_directories((dir.path() / file).parent_path());
    dir.write(file, good_config);
  }
  for (const auto& [first, second] : {std::pair{"a/x.json", "b/x.json"}, std::pair{"d1", "d2"}}) {
    CAPTURE(first);
    const CliResult result = run_cli({"batch", first, second, "-o", "out"}, dir.path());
    CHECK(result.status == 1);
    CHECK(result.out.empty());
    std::size_t refusals = 0;
    std::istringstream lines(result.err);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind("failed x: ", 0) == 0) {
        ++refusals;
        CHECK_THAT(line, Catch::Contains("would both write") && Catch::Contains("x.gif") &&
                             Catch::Contains(std::string(first)) && Catch::Contains(std::string(second)));
      }
    CHECK(refusals == 2);
    CHECK(outputs_under(dir.path() / "out").empty());
  }

  SECTION("a per-step PNG and another config's name do not overwrite each other") {
    // fig.json has 12 steps: fig_00.png ... fig_11.png; fig_03.json's own are fig_03_0.png ...
    fs::create_directory(dir.path() / "figs");
    dir.write("figs/fig.json", R"({"operation": "convolution", "input": [5, 6], "kernel": 3})");
    dir.write("figs/fig_03.json", good_config);
    const CliResult result = run_cli({"batch", "figs", "-o", "out_png", "--format", "png"}, dir.path());
    INFO(result.err);
    CHECK(result.status == 0);
    std::set<std::string> expected;
    for (int step = 0; step < 12; ++step) expected.insert(step_png("fig_", step, 2));
    for (int step = 0; step < 4; ++step) expected.insert(step_png("fig_03_", step, 1));
    CHECK(outputs_under(dir.path() / "out_png") == expected);
    fs::create_directory(dir.path() / "alone");
    REQUIRE(run_cli({"render", "figs/fig.json", "-o", "alone/fig.png"}, dir.path()).status == 0);
    CHECK(read_bytes(dir.path() / "out_png/fig_03.png") == read_bytes(dir.path() / "alone/fig_03.png"));
  }
}

TEST_CASE("hardening: the up-to-date check of batch covers the config and the render flags", "[hardening]") {
  const TempDir dir;
  const fs::path config = dir.write("a.json", good_config);
  const std::vector<std::string> args{"batch", config.string(), "-o", (dir.path() / "out").string()};
  const fs::path gif = dir.path() / "out/a.gif";
  REQUIRE(run_cli(args).status == 0);
  const std::string first = read_bytes(gif);
  CHECK_THAT(run_cli(args).err, Catch::Contains("up to date a") && Catch::Contains("0 rendered, 1 skipped"));

  auto dark = args;
  dark.insert(dark.end(), {"--theme", "dark"});
  CHECK_THAT(run_cli(dark).err, Catch::Contains("1 rendered, 0 skipped"));
  CHECK(read_bytes(gif) != first);
  CHECK_THAT(run_cli(dark).err, Catch::Contains("0 rendered, 1 skipped"));

  dir.write("a.json", R"({"operation": "convolution", "input": 5, "kernel": 3})");
  CHECK_THAT(run_cli(dark).err, Catch::Contains("1 rendered, 0 skipped"));
  CHECK(test::read_gif_structure(gif).image_count == 9);
}

TEST_CASE("hardening: PendingFile renames only the file it created, and writes through its descriptor",
          "[hardening]") {
  const TempDir dir;
  const fs::path victim = dir.write("victim.txt", "the victim's bytes");
  const fs::path target = dir.path() / "out.gif";
  const auto only_temporary = [&] {
    const auto names = temporary_files(dir.path());
    REQUIRE(names.size() == 1);
    CHECK(std::regex_match(names[0], std::regex(R"(\.out\.gif\.[A-Za-z0-9]{6}\.tmp)")));
    return dir.path() / names[0];
  };
  SECTION("the temporary file swapped for a symlink to a victim") {
    {
      convanim::PendingFile file(target);
      const fs::path temporary = only_temporary();
      file.write("first part, ");
      fs::remove(temporary);
      fs::create_symlink(victim, temporary);
      file.write("second part");
      try {
        file.commit();
        FAIL("commit() renamed a symlink onto the target");
      } catch (const convanim::OutputError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains(target.string()));
      }
      CHECK(read_bytes(victim) == "the victim's bytes");
      CHECK_FALSE(fs::exists(fs::symlink_status(target)));
    }
    CHECK(read_bytes(victim) == "the victim's bytes");
    CHECK_FALSE(fs::exists(fs::symlink_status(target)));
  }
  SECTION("the temporary file unlinked and replaced by a regular file before writing") {
    convanim::PendingFile file(target);
    const fs::path temporary = only_temporary();
    fs::remove(temporary);
    dir.write(temporary.filename().string(), "an intruder");
    file.write("the payload");
    char buffer[32] = {};
    CHECK(pread(file.fd(), buffer, sizeof buffer, 0) == 11);
    CHECK(std::string(buffer) == "the payload");
    CHECK(read_bytes(temporary) == "an intruder");
    CHECK_THROWS_AS(file.commit(), convanim::OutputError);
    CHECK(read_bytes(temporary) == "an intruder");
    CHECK_FALSE(fs::exists(fs::symlink_status(target)));
  }
  SECTION("undisturbed, it commits the bytes written") {
    {
      convanim::PendingFile file(target);
      only_temporary();
      file.write("all of it");
      file.commit();
    }
    CHECK(read_bytes(target) == "all of it");
    CHECK(temporary_files(dir.path()).empty());
  }
}

TEST_CASE("hardening: a temporary file swapped for a symlink while rendering is never renamed", "[hardening]") {
  const TempDir dir;
  fs::create_directory(dir.path() / "logs");
  const fs::path victim = dir.write("victim.txt", "the victim's bytes");
  for (const std::string extension : {".gif", ".mp4"}) {
    CAPTURE(extension);
    const fs::path out = dir.path() / "out", target = out / ("fig" + extension);
    fs::create_directory(out);
    const CommitGate gate(dir.path() / ("gate" + extension));
    const pid_t pid = spawn({"render", dir.write("good.json", good_config).string(), "-o", target.string()},
                            {{}, RLIM_INFINITY, dir.path() / "logs", gate.path()});
    int status = 0;
    REQUIRE(gate.reached(pid, status));
    // Every byte written, the rename next: the swap lands exactly between the two.
    const std::vector<std::string> pending = temporary_files(out);
    REQUIRE(pending.size() == 1);
    fs::remove(out / pending[0]);
    fs::create_symlink(victim, out / pending[0]);
    gate.open();
    status = wait_for(pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 1));
    const std::string err = read_bytes(dir.path() / "logs/stderr");
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
    CHECK_THAT(err, Catch::StartsWith("convanim: " + target.string() + ": ") && Catch::Contains("replaced"));
    CHECK(read_bytes(victim) == "the victim's bytes");
    CHECK_FALSE(fs::exists(fs::symlink_status(target)));
    fs::remove_all(out);
  }
}

TEST_CASE("hardening: SIGINT removes every pending file, however many and however long the path",
          "[hardening]") {
  const TempDir dir;
  const fs::path out = long_directory(dir.path());
  REQUIRE(out.string().size() > 1100);
  // 100 steps: PNGs are renamed together at the end, so at the gate all 100 are pending.
  const fs::path config = dir.write(
      "many.json", R"({"operation": "convolution", "input": 12, "kernel": 3, "render": {"cell_size": 8, "view": "flat"}})");
  const CommitGate gate(dir.path() / "gate");
  const pid_t pid = spawn({"render", config.string(), "-o", (out / "s.png").string()}, {{}, RLIM_INFINITY, {}, gate.path()});
  int status = 0;
  REQUIRE(gate.reached(pid, status));
  CHECK(temporary_files(out).size() == 100);
  kill(pid, SIGINT);
  status = wait_for(pid);
  CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGINT));
  CHECK(temporary_files(out).empty());
  CHECK(fs::is_empty(out));  // no partial output either
}

TEST_CASE("hardening: a signal the render inherited as ignored stays ignored", "[hardening]") {
  const TempDir dir;
  const fs::path out = long_directory(dir.path());
  // 196 steps.
  const fs::path config = dir.write(
      "some.json", R"({"operation": "convolution", "input": 16, "kernel": 3, "render": {"cell_size": 8, "view": "flat"}})");
  const CommitGate gate(dir.path() / "gate");
  const pid_t pid = spawn({"render", config.string(), "-o", (out / "s.png").string()},
                          {{SIGTERM, SIGHUP}, RLIM_INFINITY, {}, gate.path()});
  int status = 0;
  REQUIRE(gate.reached(pid, status));  // the signals come while it is rendering, its files pending
  CHECK(temporary_files(out).size() == 196);
  kill(pid, SIGTERM);
  kill(pid, SIGHUP);
  gate.open();
  status = wait_for(pid);
  CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  CHECK(temporary_files(out).empty());
  std::set<std::string> expected;
  for (int step = 0; step < 196; ++step) expected.insert(step_png("s_", step, 3));
  CHECK(outputs_under(out) == expected);
}

TEST_CASE("hardening: two writes to one file are refused, whoever makes them, before anything is written",
          "[hardening]") {
  const TempDir dir;
  fs::create_directory(dir.path() / "configs");
  dir.write("configs/a.json", good_config);
  REQUIRE(run_cli({"batch", "configs", "-o", "out", "-q"}, dir.path()).status == 0);
  const std::string gif = read_bytes(dir.path() / "out/a.gif");
  const auto before = tree(dir.path());
  // Each a figure's output or stamp, or the other of --page and --manifest, spelt another way.
  struct Clash {
    std::vector<std::string> flags;
    std::string refused, file;  // the flag refused, and the file named
  };
  const Clash clashes[] = {
      {{"--page", "out/a.gif"}, "--page", "out/a.gif"},
      {{"--manifest", "out/a.gif"}, "--manifest", "out/a.gif"},
      {{"--manifest", "out/../out/./a.gif"}, "--manifest", "out/../out/./a.gif"},
      {{"--manifest", (dir.path() / "out/a.gif").string()}, "--manifest", "a.gif"},
      {{"--manifest", "out/.a.convanim-stamp"}, "--manifest", ".a.convanim-stamp"},
      {{"--page", "out/a.gif", "--force"}, "--page", "out/a.gif"},
      {{"--page", "site/index.html", "--manifest", "site/gallery.css"}, "--page", "gallery.css"},
      {{"--page", "site/index.html", "--manifest", "site/index.html"}, "--page", "site/index.html"},
  };
  for (const Clash& clash : clashes) {
    std::vector<std::string> args{"batch", "configs", "-o", "out"};
    args.insert(args.end(), clash.flags.begin(), clash.flags.end());
    CAPTURE(clash.flags);
    const CliResult result = run_cli(args, dir.path());
    check_output_error(result, 2, "convanim: command line: " + clash.refused + ": ");
    CHECK_THAT(result.err, Catch::Contains(clash.file));
    CHECK(tree(dir.path()) == before);
    CHECK(read_bytes(dir.path() / "out/a.gif") == gif);
  }
  SECTION("and the same file twice on render's command line") {
    check_output_error(run_cli({"render", "configs/a.json", "-o", "b.gif", "-o", "./b.gif"}, dir.path()), 2,
                       "convanim: command line: -o: ");
    check_output_error(run_cli({"render", "configs/a.json", "-o", "s.png", "-o", "s.gif", "-o", "./s.png"},
                               dir.path()), 2, "s_0.png");
    CHECK(tree(dir.path()) == before);
  }
}

TEST_CASE("hardening: a config with the longest file name renders, its stamp fits, and a name too long for "
          "a per-step file is refused before rendering", "[hardening]") {
  const TempDir dir;
  const std::string stem(250, 'n');  // stem.gif is 254 bytes; ".stem.convanim-stamp" would be 266
  fs::create_directory(dir.path() / "configs");
  dir.write("configs/" + stem + ".json", good_config);
  const CliResult first = run_cli({"batch", "configs", "-o", "out"}, dir.path());
  INFO(first.err);
  CHECK(first.status == 0);
  CHECK(test::read_gif_structure(dir.path() / "out" / (stem + ".gif")).image_count == 4);
  std::size_t stamps = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "out"))
    if (entry.path().extension() == ".convanim-stamp") ++stamps;
  CHECK(stamps == 1);
  const CliResult second = run_cli({"batch", "configs", "-o", "out"}, dir.path());
  CHECK(second.status == 0);
  CHECK_THAT(second.err, Catch::Contains("0 rendered, 1 skipped"));  // the stamp is read back

  // stem_0.png is 256 bytes: refused before any file, the GIF of the same run included.
  const CliResult png = run_cli({"batch", "configs", "-o", "out_png", "--format", "gif,png"}, dir.path());
  CHECK(png.status == 1);
  CHECK_THAT(png.err, Catch::Contains("file name of 256 bytes"));
  CHECK(outputs_under(dir.path() / "out_png").empty());
  const fs::path target = dir.path() / (stem + ".png");
  check_output_error(run_cli({"render", ("configs/" + stem + ".json"), "-o", target.string()}, dir.path()), 1,
                     "256 bytes");
  CHECK(temporary_files(dir.path()).empty());
  for (const auto& entry : fs::directory_iterator(dir.path())) CHECK(entry.path().extension() != ".png");
}
