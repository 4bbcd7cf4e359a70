// Reading a config safely. Whatever bytes a file holds, this either returns a JSON value that is
// cheap to walk and print, or throws one ConfigError naming the file (and the JSON path, where there
// is one): only regular files, at most max_config_bytes, nesting bounded, no NUL byte, no
// duplicate key, no number a double cannot hold.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace convanim {

inline constexpr std::size_t max_config_bytes = 4 << 20;  // 4 MiB: a 256x256 tensor of values fits
inline constexpr int max_json_depth = 32;                  // a network config needs about 8

// The bytes of a regular file, refused before reading when it is anything else (a directory, a
// FIFO, a device, a dangling symlink) or larger than max_config_bytes.
std::string read_config_file(const std::filesystem::path& path);

// Parses `text` as strict JSON; `source` names it in errors.
nlohmann::json parse_config_text(std::string_view text, std::string_view source);

// RFC 6901: a key as one token of a JSON pointer ("/" and "~" escaped), for messages: a key longer
// than 40 characters is cut there and marked with "...".
std::string json_pointer_token(std::string_view key);

}  // namespace convanim
