// Enum <-> name lookups over a constexpr table of pairs, for the config's string values.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace convanim {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [entry, name] : table)
    if (entry == value) return name;
  return "unknown";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const NameTable<Enum, N>& table, std::string_view name) {
  for (const auto& [entry, entry_name] : table)
    if (entry_name == name) return entry;
  return std::nullopt;
}

}  // namespace convanim
