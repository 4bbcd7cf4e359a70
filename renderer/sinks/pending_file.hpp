// A file written under a temporary name beside its target and renamed into place only when
// complete: a failed or interrupted write never leaves a partial file under the target name, and an
// existing target is replaced atomically.
#pragma once

#include <filesystem>
#include <string>

namespace convanim {

// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of every PendingFile still open
// before the process dies, so an interrupted render leaves nothing behind at all.
void remove_pending_files_on_signals();

class PendingFile {
 public:
  explicit PendingFile(std::filesystem::path target);
  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&&) = delete;
  PendingFile(const PendingFile&) = delete;
  ~PendingFile();  // removes the temporary file unless committed

  const std::string& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  void commit();  // renames the temporary file onto the target

 private:
  std::filesystem::path target_;
  std::string temp_;
  bool done_ = false;
  int slot_ = -1;  // in the table the signal handler reads; -1 when it was full
};

}  // namespace convanim
