// Files written only where asked, and never half-written. A PendingFile is created beside its target
// under a temporary name (O_EXCL, in a directory held open), written through the descriptor it was
// created with, and renamed onto the target only when complete; an existing target keeps its
// permissions, and one that is not a regular file (a symlink, a device) is never replaced.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "src/descriptor.hpp"

namespace convanim {

// A failure to write an output, naming the file: "out/fig.gif: writing a packet: No space left".
class OutputError : public std::runtime_error {
 public:
  OutputError(const std::filesystem::path& file, std::string_view what);
};

// Makes SIGINT, SIGTERM and SIGHUP remove the temporary files of every PendingFile still open
// before the process dies. A signal the process inherited as ignored (nohup) stays ignored.
void remove_pending_files_on_signals();

// An open directory that outputs are created in, so that every name is resolved in it and nowhere
// else, whatever happens to the path meanwhile.
class OutputDirectory {
 public:
  // The directory as the user named it (symlinks in that path are the user's to choose).
  static std::shared_ptr<OutputDirectory> open(const std::filesystem::path& path);
  // `relative` below `root`, made where missing; a component that is a symlink or not a directory
  // is refused, so nothing is ever written outside `root`.
  static std::shared_ptr<OutputDirectory> open_below(const OutputDirectory& root,
                                                      const std::filesystem::path& relative);
  ~OutputDirectory();
  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;

  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  OutputDirectory(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::filesystem::path path_;
};

// Where an output goes: a file name in an open directory.
struct OutputTarget {
  std::shared_ptr<OutputDirectory> directory;
  std::string filename;

  // `path`'s file name in its directory as named.
  static OutputTarget at(const std::filesystem::path& path);
  std::filesystem::path path() const { return directory->path() / filename; }
};

class PendingFile {
 public:
  // `target` in its directory as named.
  explicit PendingFile(const std::filesystem::path& target) : PendingFile(OutputTarget::at(target)) {}
  explicit PendingFile(const OutputTarget& target);
  PendingFile(PendingFile&& other) noexcept;
  PendingFile& operator=(PendingFile&&) = delete;
  PendingFile(const PendingFile&) = delete;
  ~PendingFile();  // removes the temporary file unless committed

  const std::filesystem::path& target() const { return target_; }
  int fd() const { return fd_.get(); }  // -1 once closed
  // Writes all of `bytes` at the current position; throws OutputError.
  void write(std::string_view bytes);
  // Done writing: releases the descriptor early (a long PNG sequence would run out of them).
  void close();
  // Renames the temporary file (checked to be the very file created) onto the target.
  void commit();

 private:
  void create();
  // Closes and removes the temporary file: the destructor's work, also done by a constructor that
  // throws (no destructor runs then).
  void discard() noexcept;

  std::shared_ptr<OutputDirectory> directory_;
  std::string name_, temp_name_;
  std::filesystem::path target_;
  Descriptor fd_;
  dev_t device_ = 0;
  ino_t inode_ = 0;
  bool done_ = false;
  void* slot_ = nullptr;  // in the registry the signal handler reads
};

// A sequential writer that batches small writes (Cairo's PNG, SVG and PDF streams) into large ones.
class BufferedWriter {
 public:
  explicit BufferedWriter(PendingFile& file) : file_(file) {}
  ~BufferedWriter() = default;  // unflushed data is dropped with the file it was going to
  void write(const unsigned char* data, std::size_t size);
  void flush();

 private:
  static constexpr std::size_t capacity = 1 << 16;
  PendingFile& file_;
  std::string buffer_;
};

}  // namespace convanim
