// Text as data: runs of characters, each plain, subscript or superscript, upright or italic. A view
// writes what it means ("x" then a subscript "1,2"); each painter sets it its own way (Pango, SVG's
// tspans, TikZ's math mode), so a scene can be drawn by anything that can draw text.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace convanim {

struct TextRun {
  enum class Script { normal, sub, super };
  std::string text;  // UTF-8
  Script script = Script::normal;
  bool italic = false;
  bool operator==(const TextRun&) const = default;
};

struct RichText {
  std::vector<TextRun> runs;

  RichText() = default;
  // One plain run: a string is a text, so plain labels stay one-liners.
  RichText(std::string plain);  // NOLINT(google-explicit-constructor)
  RichText(const char* plain) : RichText(std::string(plain)) {}  // NOLINT(google-explicit-constructor)
  static RichText run(std::string text, TextRun::Script script, bool italic = false);

  // Appends, joining runs of the same style.
  RichText& operator+=(const RichText& more);
  friend RichText operator+(RichText a, const RichText& b) { return a += b; }
  bool operator==(const RichText&) const = default;

  bool empty() const;
  bool styled() const;        // any run not plain and upright
  std::string plain() const;  // the characters without their styles, for messages and tests
  // Characters as a reader counts them (UTF-8 continuation bytes take no room).
  std::size_t length() const;
};

// "x" with the subscript "1,2"; "C" with the superscript "T".
RichText subscripted(std::string base, std::string index);
RichText superscripted(std::string base, std::string exponent);

}  // namespace convanim
