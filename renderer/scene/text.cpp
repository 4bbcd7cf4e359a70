#include "renderer/scene/text.hpp"

#include <algorithm>

namespace convanim {

RichText::RichText(std::string plain) {
  if (!plain.empty()) runs.push_back({std::move(plain)});
}

RichText RichText::run(std::string text, TextRun::Script script, bool italic) {
  RichText out;
  if (!text.empty()) out.runs.push_back({std::move(text), script, italic});
  return out;
}

RichText& RichText::operator+=(const RichText& more) {
  for (const TextRun& r : more.runs) {
    if (!runs.empty() && runs.back().script == r.script && runs.back().italic == r.italic) runs.back().text += r.text;
    else runs.push_back(r);
  }
  return *this;
}

bool RichText::empty() const {
  return std::all_of(runs.begin(), runs.end(), [](const TextRun& r) { return r.text.empty(); });
}

bool RichText::styled() const {
  return std::any_of(runs.begin(), runs.end(),
                     [](const TextRun& r) { return r.script != TextRun::Script::normal || r.italic; });
}

std::string RichText::plain() const {
  std::string out;
  for (const TextRun& r : runs) out += r.text;
  return out;
}

std::size_t RichText::length() const {
  std::size_t n = 0;
  for (const TextRun& r : runs)
    for (const char c : r.text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

RichText subscripted(std::string base, std::string index) {
  return RichText(std::move(base)) + RichText::run(std::move(index), TextRun::Script::sub);
}

RichText superscripted(std::string base, std::string exponent) {
  return RichText(std::move(base)) + RichText::run(std::move(exponent), TextRun::Script::super);
}

}  // namespace convanim
