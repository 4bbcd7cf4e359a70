// JSON written as it is made, laid out exactly as nlohmann's dump(indent) lays out the whole value:
// a record too large to hold as a JSON tree (tens of millions of values) streams in constant memory.
#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/tensor.hpp"

namespace convanim {

class JsonWriter {
 public:
  // `indent` as dump()'s: spaces per level, or -1 for one line.
  JsonWriter(std::ostream& out, int indent) : out_(out), indent_(indent) {}
  void open_object() { open('{'); }
  void open_array() { open('['); }
  void close();
  // In an object: the next member's key, its value written next.
  void key(std::string_view name);
  // A whole (small) value.
  void value(const nlohmann::ordered_json& v);
  void member(std::string_view name, const nlohmann::ordered_json& v) {
    key(name);
    value(v);
  }
  // A tensor as nested arrays in its shape.
  void tensor(const Tensor& t, std::size_t depth = 0, std::size_t offset = 0);

 private:
  void open(char bracket);
  void separate();  // before an element: after a comma, on a line of its own
  void newline(std::size_t depth);

  std::ostream& out_;
  int indent_;
  std::vector<std::pair<char, bool>> open_;  // per open bracket: which, and whether it has elements
  bool after_key_ = false;
};

}  // namespace convanim
