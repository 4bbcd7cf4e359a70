// Numbers and shapes as flags give them ("5", "5x7", "3x32x32"), each checked and named by its flag.
#pragma once

#include <array>
#include <string_view>
#include <vector>

namespace convanim::cli {

inline constexpr std::string_view flags_source = "command line";

int parse_int(std::string_view text, std::string_view flag);
// "5" (both axes) or "5x7" (height x width), each from `min` to max_parameter.
std::array<int, 2> parse_pair(std::string_view text, std::string_view flag, int min);
// A layer's input shape: "3x32x32" (C, H, W), "32x32", "4x10" (C, L), "10".
std::vector<int> parse_shape(std::string_view text, std::string_view flag);

}  // namespace convanim::cli
