// split_sequential: nn.Sequential(...) into its layers' calls, as code writes it
//   nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU())
// or as print(model) and repr show it, each layer after its name in parentheses:
//   Sequential(
//     (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1))
//     (relu): ReLU(inplace=True)
//   )
// Only the structure is read here; each layer's call is read by parse_layer_call or
// parse_elementwise_call.
#include <fmt/format.h>

#include "src/config/config_error.hpp"
#include "src/config/layer_string.hpp"

namespace convanim {
namespace {

struct Scanner {
  std::string_view text;
  std::size_t at = 0;

  bool done() const { return at >= text.size(); }
  char peek() const { return done() ? '\0' : text[at]; }
  void skip_space() {
    while (!done() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) ++at;
  }
  bool take(std::string_view word) {
    if (text.substr(at, word.size()) != word) return false;
    at += word.size();
    return true;
  }
  [[noreturn]] void fail(std::string_view what) const {
    throw LayerStringError(fmt::format("nn.Sequential: {} at character {}: {}", what, at + 1,
                                       quote_excerpt(text.substr(std::min(at, text.size())), 20)));
  }
  // From an opening bracket to just past its closing one, skipping quoted strings.
  void skip_balanced() {
    int depth = 0;
    do {
      const char c = peek();
      if (done()) fail("unbalanced parentheses");
      if (c == '\'' || c == '"') {
        const std::size_t close = text.find(c, at + 1);
        if (close == std::string_view::npos) fail("unterminated string");
        at = close;
      }
      depth += (c == '(' || c == '[') - (c == ')' || c == ']');
      ++at;
    } while (depth > 0);
  }
};

// "nn.Sequential(", "torch.nn.Sequential(" or "Sequential(", with the scanner left past it.
bool take_sequential_start(Scanner& s) {
  s.skip_space();
  const std::size_t start = s.at;
  (void)(s.take("torch.nn.") || s.take("nn."));
  if (s.take("Sequential")) {
    s.skip_space();
    if (s.take("(")) return true;
  }
  s.at = start;
  return false;
}

void read_items(Scanner& s, std::vector<std::string>& layers) {
  for (;;) {
    s.skip_space();
    if (s.take(")")) return;
    if (s.done()) s.fail("unbalanced parentheses: nn.Sequential( is never closed");
    if (s.peek() == '(') {  // repr's "(name): " before the layer
      s.skip_balanced();
      s.skip_space();
      if (!s.take(":")) s.fail("expected \":\" after a layer's name in parentheses");
      s.skip_space();
    }
    if (take_sequential_start(s)) {
      read_items(s, layers);
    } else {
      const std::size_t start = s.at;
      while (!s.done() && s.peek() != '(' && s.peek() != ',' && s.peek() != ')' && s.peek() != '\n') ++s.at;
      if (s.peek() != '(') s.fail("expected a layer such as nn.Conv2d(1, 8, 3)");
      s.skip_balanced();
      layers.emplace_back(s.text.substr(start, s.at - start));
    }
    s.skip_space();
    (void)s.take(",");
  }
}

}  // namespace

std::optional<std::vector<std::string>> split_sequential(std::string_view text) {
  Scanner s{text};
  if (!take_sequential_start(s)) return std::nullopt;
  if (text.size() > max_sequential_length)
    throw LayerStringError(fmt::format("the nn.Sequential string has {} characters; allowed: at most {}",
                                       text.size(), max_sequential_length));
  std::vector<std::string> layers;
  read_items(s, layers);
  s.skip_space();
  if (!s.done()) s.fail("unexpected text after the closing \")\"");
  if (layers.empty()) throw LayerStringError("nn.Sequential() is empty; allowed: one layer or more");
  return layers;
}

}  // namespace convanim
