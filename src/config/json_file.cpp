#include "src/config/json_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "src/config/config_error.hpp"
#include "src/descriptor.hpp"
#include "src/file_kind.hpp"

namespace convanim {
namespace {

using json = nlohmann::json;

// Builds the DOM from nlohmann's SAX events (its parser iterates; only the DOM could recurse, and
// it is kept shallow here), checking what the DOM parser lets through.
class BoundedBuilder {
 public:
  BoundedBuilder(json& root, std::string_view source) : root_(root), source_(source) {}

  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(json::number_integer_t value) { return add(value); }
  bool number_unsigned(json::number_unsigned_t value) { return add(value); }
  bool number_float(json::number_float_t value, const std::string&) { return add(value); }
  bool string(std::string& value) { return add(std::move(value)); }
  bool binary(json::binary_t&) { return add(nullptr); }  // not reachable from JSON text

  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(std::string& name) {
    if (stack_.back()->contains(name))
      throw ConfigError(source_, path() + "/" + json_pointer_token(name),
                        fmt::format("duplicate key {}: each key may appear once in an object", quote_excerpt(name)));
    key_ = name;
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
    if (error.id == 406)  // out_of_range: a number no double holds
      throw ConfigError(source_, pending_path(),
                        fmt::format("a number out of range (beyond ±{:g}); use a smaller number",
                                    std::numeric_limits<double>::max()));
    std::string what = error.what();
    if (const auto bracket = what.find("] "); bracket != std::string::npos) what = what.substr(bracket + 2);
    throw ConfigError(source_, "",
                      fmt::format("not valid JSON at byte {}: {}", position, escape_for_message(what, 160)));
  }

 private:
  // The JSON pointer of the container being filled.
  std::string path() const {
    std::string out;
    for (std::size_t i = 1; i < tokens_.size(); ++i) out += "/" + tokens_[i];
    return out;
  }
  // The pointer of the value about to be added.
  std::string pending_path() const {
    if (stack_.empty()) return "/";
    const json& parent = *stack_.back();
    return path() + "/" + (parent.is_array() ? std::to_string(parent.size()) : json_pointer_token(key_));
  }

  template <typename Value>
  json* place(Value&& value) {
    if (stack_.empty()) {
      root_ = std::forward<Value>(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::forward<Value>(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::forward<Value>(value);
    return &slot;
  }

  template <typename Value>
  bool add(Value&& value) {
    place(std::forward<Value>(value));
    return true;
  }

  bool open(json container) {
    if (int(stack_.size()) >= max_json_depth)
      throw ConfigError(source_, pending_path(),
                        fmt::format("nested deeper than {} levels; allowed: at most {}", max_json_depth, max_json_depth));
    std::string token = stack_.empty()                ? std::string()
                        : stack_.back()->is_array() ? std::to_string(stack_.back()->size())
                                                    : json_pointer_token(key_);
    stack_.push_back(place(std::move(container)));
    tokens_.push_back(std::move(token));
    return true;
  }

  bool close() {
    stack_.pop_back();
    tokens_.pop_back();
    return true;
  }

  json& root_;
  std::string_view source_;
  std::vector<json*> stack_;         // the open containers, outermost first
  std::vector<std::string> tokens_;  // each one's JSON pointer token ("" for the root)
  std::string key_;                  // the key of the next value in the innermost object
};

}  // namespace

std::string json_pointer_token(std::string_view key) {
  // Paths are for messages: a key of any length is named by its first characters.
  constexpr std::size_t longest = 40;
  const bool cut = key.size() > longest;
  if (cut) key = key.substr(0, longest);
  std::string token;
  for (char c : key) {
    if (c == '~') token += "~0";
    else if (c == '/') token += "~1";
    else token += c;
  }
  return cut ? token + "..." : token;
}

std::string read_config_file(const std::filesystem::path& path) {
  const std::string source = path.string();
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked before any read.
  const Descriptor file(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!file) {
    const int error = errno;
    if (error == ENOENT) {
      struct stat link {};
      if (lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
        throw ConfigError(source, "", "a dangling symlink: the file it points to does not exist");
    }
    throw ConfigError(source, "", fmt::format("cannot open the file: {}", std::strerror(error)));
  }
  struct stat info {};
  if (fstat(file.get(), &info) != 0)
    throw ConfigError(source, "", fmt::format("cannot read the file: {}", std::strerror(errno)));
  if (!S_ISREG(info.st_mode))
    throw ConfigError(source, "", fmt::format("is {}; allowed: a regular JSON file", file_kind(info.st_mode)));
  const auto too_large = [&] {
    return ConfigError(source, "", fmt::format("larger than {} MiB; allowed: at most {} bytes",
                                               max_config_bytes >> 20, max_config_bytes));
  };
  if (std::size_t(info.st_size) > max_config_bytes) throw too_large();
  // Read to the end, but never past the cap: a file may grow after fstat. The buffer starts at the
  // size fstat gave (and a byte to see growth), not at the cap, which would be 4 MiB zeroed a file.
  std::string text(std::size_t(info.st_size) + 1, '\0');
  std::size_t got = 0;
  while (true) {
    if (got == text.size()) {
      if (got > max_config_bytes) break;
      text.resize(std::min(max_config_bytes + 1, 2 * got));
    }
    const ssize_t n = read(file.get(), text.data() + got, text.size() - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ConfigError(source, "", fmt::format("cannot read the file: {}", std::strerror(errno)));
    }
    got += std::size_t(n);
  }
  if (got > max_config_bytes) throw too_large();
  text.resize(got);
  return text;
}

json parse_config_text(std::string_view text, std::string_view source) {
  // nlohmann's lexer takes a NUL for the end of input and would ignore whatever follows.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    throw ConfigError(source, "", fmt::format("not valid JSON: a NUL byte at byte {}; a config is text", nul));
  json root;
  BoundedBuilder builder(root, source);
  json::sax_parse(text.begin(), text.end(), &builder);
  return root;
}

}  // namespace convanim
