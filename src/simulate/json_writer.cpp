#include "src/simulate/json_writer.hpp"

#include <string>

namespace convanim {

void JsonWriter::newline(std::size_t depth) {
  if (indent_ < 0) return;
  out_ << '\n';
  for (std::size_t i = 0; i < depth * std::size_t(indent_); ++i) out_ << ' ';
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (open_.empty()) return;
  if (open_.back().second) out_ << ',';
  open_.back().second = true;
  newline(open_.size());
}

void JsonWriter::open(char bracket) {
  separate();
  out_ << bracket;
  open_.emplace_back(bracket, false);
}

void JsonWriter::close() {
  const auto [bracket, elements] = open_.back();
  open_.pop_back();
  if (elements) newline(open_.size());
  out_ << (bracket == '{' ? '}' : ']');
}

void JsonWriter::key(std::string_view name) {
  separate();
  out_ << nlohmann::ordered_json(name).dump() << (indent_ < 0 ? ":" : ": ");
  after_key_ = true;
}

void JsonWriter::value(const nlohmann::ordered_json& v) {
  separate();
  std::string text = v.dump(indent_);
  if (indent_ > 0 && !open_.empty()) {
    // dump() indents from level 0; this value sits open_.size() levels in (strings hold no raw newline).
    const std::string deeper = "\n" + std::string(open_.size() * std::size_t(indent_), ' ');
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + deeper.size()))
      text.replace(at, 1, deeper);
  }
  out_ << text;
}

void JsonWriter::tensor(const Tensor& t, std::size_t depth, std::size_t offset) {
  open_array();
  const std::size_t length = std::size_t(t.shape[depth]);
  const std::size_t inner =
      Tensor::element_count(std::vector<int>(t.shape.begin() + std::ptrdiff_t(depth) + 1, t.shape.end()));
  for (std::size_t i = 0; i < length; ++i) {
    if (depth + 1 == t.shape.size()) value(t.data[offset + i]);
    else tensor(t, depth + 1, offset + i * inner);
  }
  close();
}

}  // namespace convanim
