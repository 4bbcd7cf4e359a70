// parse_layer_call in three passes over a bounded text: tokens; the call's arguments bound to the
// class's signature the way Python binds them; then the checks PyTorch makes (in the constructor, or
// on the first forward call) and the limits of what convanim draws.
#include "src/config/layer_string.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include <fmt/format.h>

#include "src/config/config_error.hpp"
#include "src/config/scenario.hpp"

namespace convanim {
namespace {

// ---- Signatures, as PyTorch 1.13 and 2.x declare them (positional order matters) ----

// GCC 12 cannot make an initializer_list of string_view constexpr; closest_name() takes this type.
const std::initializer_list<std::string_view> convolution_parameters = {
    "in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
    "groups", "bias", "padding_mode", "device", "dtype"};
const std::initializer_list<std::string_view> transposed_parameters = {
    "in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding",
    "groups", "bias", "dilation", "padding_mode", "device", "dtype"};
const std::initializer_list<std::string_view> max_pooling_parameters = {
    "kernel_size", "stride", "padding", "dilation", "return_indices", "ceil_mode"};
const std::initializer_list<std::string_view> average_pooling_1d_parameters = {
    "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"};
const std::initializer_list<std::string_view> average_pooling_2d_parameters = {
    "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override"};

struct Signature {
  std::string_view class_name;
  Operation operation;
  int dims;
  std::initializer_list<std::string_view> parameters;
  std::size_t required;  // the first parameters, which have no default
  std::optional<ElementwiseFunction> elementwise{};  // an element-wise layer: operation and dims unused
};

const Signature signatures[] = {
    {"Conv1d", Operation::convolution, 1, convolution_parameters, 3},
    {"Conv2d", Operation::convolution, 2, convolution_parameters, 3},
    {"ConvTranspose1d", Operation::transposed_convolution, 1, transposed_parameters, 3},
    {"ConvTranspose2d", Operation::transposed_convolution, 2, transposed_parameters, 3},
    {"MaxPool1d", Operation::max_pooling, 1, max_pooling_parameters, 1},
    {"MaxPool2d", Operation::max_pooling, 2, max_pooling_parameters, 1},
    {"AvgPool1d", Operation::average_pooling, 1, average_pooling_1d_parameters, 1},
    {"AvgPool2d", Operation::average_pooling, 2, average_pooling_2d_parameters, 1},
};
// Element-wise layers, as PyTorch 1.13 and 2.x declare them.
const std::initializer_list<std::string_view> no_parameters = {};
const std::initializer_list<std::string_view> inplace_parameters = {"inplace"};
const std::initializer_list<std::string_view> leaky_relu_parameters = {"negative_slope", "inplace"};
const std::initializer_list<std::string_view> alpha_parameters = {"alpha", "inplace"};
const std::initializer_list<std::string_view> gelu_parameters = {"approximate"};
const std::initializer_list<std::string_view> hardtanh_parameters = {"min_val", "max_val", "inplace"};
const std::initializer_list<std::string_view> softplus_parameters = {"beta", "threshold"};
const std::initializer_list<std::string_view> dropout_parameters = {"p", "inplace"};
const std::initializer_list<std::string_view> batch_norm_parameters = {
    "num_features", "eps", "momentum", "affine", "track_running_stats", "device", "dtype"};

using EF = ElementwiseFunction;
const Signature elementwise_signatures[] = {
    {"Identity", {}, 0, no_parameters, 0, EF::identity},
    {"ReLU", {}, 0, inplace_parameters, 0, EF::relu},
    {"ReLU6", {}, 0, inplace_parameters, 0, EF::relu6},
    {"LeakyReLU", {}, 0, leaky_relu_parameters, 0, EF::leaky_relu},
    {"ELU", {}, 0, alpha_parameters, 0, EF::elu},
    {"CELU", {}, 0, alpha_parameters, 0, EF::celu},
    {"SELU", {}, 0, inplace_parameters, 0, EF::selu},
    {"GELU", {}, 0, gelu_parameters, 0, EF::gelu},
    {"SiLU", {}, 0, inplace_parameters, 0, EF::silu},
    {"Mish", {}, 0, inplace_parameters, 0, EF::mish},
    {"Sigmoid", {}, 0, no_parameters, 0, EF::sigmoid},
    {"Tanh", {}, 0, no_parameters, 0, EF::tanh},
    {"Hardtanh", {}, 0, hardtanh_parameters, 0, EF::hardtanh},
    {"Hardsigmoid", {}, 0, inplace_parameters, 0, EF::hardsigmoid},
    {"Hardswish", {}, 0, inplace_parameters, 0, EF::hardswish},
    {"Softplus", {}, 0, softplus_parameters, 0, EF::softplus},
    {"Softsign", {}, 0, no_parameters, 0, EF::softsign},
    {"Tanhshrink", {}, 0, no_parameters, 0, EF::tanhshrink},
    {"Dropout", {}, 0, dropout_parameters, 0, EF::identity},
    {"Dropout1d", {}, 0, dropout_parameters, 0, EF::identity},
    {"Dropout2d", {}, 0, dropout_parameters, 0, EF::identity},
    {"AlphaDropout", {}, 0, dropout_parameters, 0, EF::identity},
    {"FeatureAlphaDropout", {}, 0, dropout_parameters, 0, EF::identity},
    {"BatchNorm1d", {}, 0, batch_norm_parameters, 1, EF::normalization},
    {"BatchNorm2d", {}, 0, batch_norm_parameters, 1, EF::normalization},
};

const std::initializer_list<std::string_view> class_names = {
    "Conv1d", "Conv2d", "ConvTranspose1d", "ConvTranspose2d", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d"};

constexpr std::string_view example_call = "nn.Conv2d(3, 8, kernel_size=3)";

// ---- Tokens ----

enum class TokenKind { name, number, string, symbol, end };

struct Token {
  TokenKind kind;
  std::string_view text;  // a string's text without its quotes
  std::size_t position;   // of the first character, for messages
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

// "at character 12: "$, 8)"" or "at the end of the text": where the text stopped making sense.
std::string where(std::string_view text, std::size_t position) {
  if (position >= text.size()) return "at the end of the text";
  constexpr std::size_t excerpt = 20;  // enough to find the spot, short enough for one line
  return fmt::format("at character {}: {}", position + 1, quote_excerpt(text.substr(position), excerpt));
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const std::size_t start = i;
    if (is_space(c)) {
      ++i;
    } else if (is_name_start(c)) {
      while (i < text.size() && is_name_char(text[i])) ++i;
      tokens.push_back({TokenKind::name, text.substr(start, i - start), start});
    } else if (is_digit(c) || (c == '.' && i + 1 < text.size() && is_digit(text[i + 1]))) {
      // The whole literal, so that 1.5, 1e-3 and 0x10 are refused as written, not as 1 and a stray token.
      const auto exponent_sign = [&] { return (text[i] == '+' || text[i] == '-') && (text[i - 1] | 0x20) == 'e'; };
      while (i < text.size() && (is_name_char(text[i]) || text[i] == '.' || exponent_sign())) ++i;
      tokens.push_back({TokenKind::number, text.substr(start, i - start), start});
    } else if (c == '\'' || c == '"') {
      ++i;
      while (i < text.size() && text[i] != c && text[i] != '\n' && text[i] != '\r' && text[i] != '\\') ++i;
      if (i < text.size() && text[i] == '\\')
        throw LayerStringError(fmt::format("a backslash in a string {}; allowed: plain strings such as 'zeros'",
                                           where(text, i)));
      if (i == text.size() || text[i] != c)
        throw LayerStringError(fmt::format("unterminated string {}", where(text, start)));
      tokens.push_back({TokenKind::string, text.substr(start + 1, i - start - 1), start});
      ++i;
    } else if (std::string_view("()[],=.+-").find(c) != std::string_view::npos) {
      tokens.push_back({TokenKind::symbol, text.substr(i, 1), i});
      ++i;
    } else {
      throw LayerStringError(fmt::format("unexpected {} {}; allowed: a call such as {}",
                                         quote_excerpt(text.substr(i, 1)), where(text, i), example_call));
    }
  }
  tokens.push_back({TokenKind::end, {}, text.size()});
  return tokens;
}

struct Cursor {
  std::string_view text;
  std::vector<Token> tokens;  // ends with an end token, which take() never passes
  std::size_t next = 0;

  const Token& peek(std::size_t ahead = 0) const { return tokens[std::min(next + ahead, tokens.size() - 1)]; }
  const Token& take() { return tokens[next + 1 < tokens.size() ? next++ : next]; }
  bool at(std::string_view symbol) const { return peek().kind == TokenKind::symbol && peek().text == symbol; }
  std::string here() const { return where(text, peek().position); }
};

// ---- Values: literals only, and tuples one level deep ----

// One literal: 3, -1, 'same', True, None, torch.float32, or a number that is not a decimal integer.
struct Scalar {
  enum class Kind { integer, other_number, string, boolean, none, name } kind = Kind::none;
  std::int64_t integer = 0;  // clamped to integer_ceiling: larger is out of every range anyway
  bool negative = false;
  std::string_view text;     // as written, without sign or quotes
};
constexpr std::int64_t integer_ceiling = 1'000'000'000;

// An argument's value: one scalar, or a tuple or list of scalars.
struct Value {
  std::vector<Scalar> items;
  char bracket = 0;  // 0: the one scalar in items; '(' a tuple; '[' a list

  bool is_scalar(Scalar::Kind kind) const { return bracket == 0 && items[0].kind == kind; }
};

// Values as Python would print them, escaped and cut so that a message stays one short line.
std::string describe(const Scalar& s) {
  constexpr std::size_t longest = 24;
  switch (s.kind) {
    case Scalar::Kind::integer:
    case Scalar::Kind::other_number: return (s.negative ? "-" : "") + escape_for_message(s.text, longest);
    case Scalar::Kind::string: return "'" + escape_for_message(s.text, longest) + "'";
    default: return escape_for_message(s.text, longest);
  }
}

std::string describe(const Value& value) {
  if (value.bracket == 0) return describe(value.items[0]);
  constexpr std::size_t shown = 4;  // enough to see what was meant
  std::string out(1, value.bracket);
  for (std::size_t i = 0; i < std::min(value.items.size(), shown); ++i)
    out += (i == 0 ? "" : ", ") + describe(value.items[i]);
  if (value.items.size() > shown) out += ", ...";
  if (value.bracket == '(' && value.items.size() == 1) out += ",";
  return out + (value.bracket == '(' ? ")" : "]");
}

// Python's integer literals: decimal, 0x, 0o, 0b, with single underscores between digits (1_000,
// 0x_ff); nullopt for anything else (1.5, 1e3, 0x, 1__0), which is not an integer. The value is
// clamped to integer_ceiling.
std::optional<std::int64_t> python_integer(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && std::string_view("xXoObB").find(text[1]) != std::string_view::npos) {
    base = (text[1] | 0x20) == 'x' ? 16 : (text[1] | 0x20) == 'o' ? 8 : 2;
    text.remove_prefix(2);
    if (text[0] == '_') text.remove_prefix(1);  // 0x_ff
  }
  if (text.empty() || text.front() == '_' || text.back() == '_' || text.find("__") != std::string_view::npos)
    return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c == '_') continue;
    const int digit = is_digit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : 99;
    if (digit >= base) return std::nullopt;
    value = std::min(value * base + digit, integer_ceiling);
  }
  return value;
}

Scalar read_number(const Token& token, std::string_view label, std::string_view text) {
  const std::optional<std::int64_t> value = python_integer(token.text);
  if (!value) return {Scalar::Kind::other_number, 0, false, token.text};
  const bool decimal_with_zeros = token.text.size() > 1 && token.text[0] == '0' &&
                                  (is_digit(token.text[1]) || token.text[1] == '_');
  if (decimal_with_zeros && *value != 0)
    throw LayerStringError(fmt::format("{}: leading zeros in a decimal integer, which Python refuses, {}", label,
                                       where(text, token.position)));
  return {Scalar::Kind::integer, *value, false, token.text};
}

Scalar read_scalar(Cursor& cursor, std::string_view label) {
  const Token& token = cursor.take();
  if (token.kind == TokenKind::symbol && (token.text == "-" || token.text == "+")) {
    if (cursor.peek().kind != TokenKind::number)
      throw LayerStringError(fmt::format("{}: expected a number after \"{}\" {}", label, token.text, cursor.here()));
    Scalar s = read_number(cursor.take(), label, cursor.text);
    s.negative = token.text == "-";
    if (s.negative) s.integer = -s.integer;
    return s;
  }
  if (token.kind == TokenKind::number) return read_number(token, label, cursor.text);
  if (token.kind == TokenKind::string) return {Scalar::Kind::string, 0, false, token.text};
  if (token.kind != TokenKind::name)
    throw LayerStringError(fmt::format("{}: expected a value {}", label, where(cursor.text, token.position)));
  std::size_t end = token.position + token.text.size();
  while (cursor.at(".") && cursor.peek(1).kind == TokenKind::name) {  // torch.float32
    cursor.take();
    end = cursor.peek().position + cursor.take().text.size();
  }
  Scalar s{Scalar::Kind::name, 0, false, cursor.text.substr(token.position, end - token.position)};
  if (s.text == "True" || s.text == "False") s.kind = Scalar::Kind::boolean, s.integer = s.text == "True";
  if (s.text == "None") s.kind = Scalar::Kind::none;
  return s;
}

// After an item inside brackets: a comma, or the closing bracket.
void expect_separator(const Cursor& cursor, std::string_view label, const Token& open, std::string_view close) {
  if (cursor.at(",") || cursor.at(close)) return;
  if (cursor.peek().kind == TokenKind::end)
    throw LayerStringError(fmt::format("{}unbalanced {}: \"{}\" at character {} is never closed", label,
                                       open.text == "(" ? "parentheses" : "brackets", open.text, open.position + 1));
  throw LayerStringError(fmt::format("{}expected \",\" or \"{}\" {}", label, close, cursor.here()));
}

Value read_value(Cursor& cursor, std::string_view label) {
  if (!cursor.at("(") && !cursor.at("[")) return {{read_scalar(cursor, label)}, 0};
  const Token& open = cursor.take();
  const std::string_view close = open.text == "(" ? ")" : "]";
  const std::string prefix = fmt::format("{}: ", label);
  Value value{{}, open.text[0]};
  while (!cursor.at(close)) {
    if (cursor.peek().kind == TokenKind::end) expect_separator(cursor, prefix, open, close);
    if (cursor.at("(") || cursor.at("["))
      throw LayerStringError(fmt::format("{}: a nested tuple {}; allowed: one level, such as (3, 3)", label,
                                         cursor.here()));
    value.items.push_back(read_scalar(cursor, label));
    if (open.text == "(" && value.items.size() == 1 && cursor.at(")")) {  // (3) is 3, as in Python
      cursor.take();
      return {std::move(value.items), 0};
    }
    expect_separator(cursor, prefix, open, close);
    if (cursor.at(",")) cursor.take();
  }
  cursor.take();
  return value;
}

// ---- Binding arguments to parameters, by Python's rules ----

struct Argument {
  std::string label;         // the parameter's keyword, and its position when given positionally
  std::size_t position = 0;  // 1 for the first positional argument; 0 for a keyword one
  Value value;
};

struct BoundCall {
  const Signature* signature = nullptr;
  std::vector<std::optional<Argument>> arguments;  // in the signature's order; empty: the default holds

  const Argument* operator[](std::string_view name) const {
    for (std::size_t i = 0; i < arguments.size(); ++i)
      if (signature->parameters.begin()[i] == name) return arguments[i] ? &*arguments[i] : nullptr;
    return nullptr;
  }
};

const Signature& read_class(Cursor& cursor) {
  if (cursor.peek().kind == TokenKind::end)
    throw LayerStringError(fmt::format("empty layer string; expected a call such as {}", example_call));
  if (cursor.peek().kind != TokenKind::name)
    throw LayerStringError(fmt::format("expected a layer class such as {} {}", example_call, cursor.here()));
  const std::size_t start = cursor.peek().position;
  std::string prefix;
  std::string_view name = cursor.take().text;
  while (cursor.at(".") && cursor.peek(1).kind == TokenKind::name) {
    prefix += fmt::format("{}.", name);
    cursor.take();
    name = cursor.take().text;
  }
  const std::string_view written = cursor.text.substr(start, cursor.peek().position - start);
  const auto named = [&](const Signature& s) { return s.class_name == name; };
  const auto* signature = std::find_if(std::begin(signatures), std::end(signatures), named);
  if (signature == std::end(signatures))
    signature = std::find_if(std::begin(elementwise_signatures), std::end(elementwise_signatures), named);
  if (signature == std::end(elementwise_signatures))
    throw LayerStringError(fmt::format("unknown layer class {} (did you mean \"{}\"?); allowed: {}, and in a "
                                       "network element-wise layers such as ReLU, BatchNorm2d or Dropout",
                                       quote_excerpt(written), closest_name(name, class_names),
                                       quoted_list(class_names)));
  if (!prefix.empty() && prefix != "nn." && prefix != "torch.nn.")
    throw LayerStringError(fmt::format("unknown module {} before {}; allowed: {} written bare, as nn.{} or as "
                                       "torch.nn.{}",
                                       quote_excerpt(prefix), name, name, name, name));
  return *signature;
}

// The parameter a keyword argument names, or an error listing the ones there are.
std::size_t keyword_index(const Signature& signature, std::string_view keyword) {
  const auto& parameters = signature.parameters;
  const auto found = std::find(parameters.begin(), parameters.end(), keyword);
  if (found == parameters.end())
    throw LayerStringError(fmt::format("unknown keyword {} for {} (did you mean \"{}\"?); allowed: {}",
                                       quote_excerpt(keyword), signature.class_name,
                                       closest_name(keyword, parameters),
                                       quoted_list(std::span(parameters.begin(), parameters.size()))));
  return std::size_t(found - parameters.begin());
}

BoundCall read_arguments(Cursor& cursor, const Signature& signature) {
  const auto& parameters = signature.parameters;
  BoundCall call{&signature, std::vector<std::optional<Argument>>(parameters.size())};
  if (!cursor.at("("))
    throw LayerStringError(fmt::format("expected \"(\" after {} {}", signature.class_name, cursor.here()));
  const Token& open = cursor.take();
  std::size_t count = 0, positional = 0;
  std::string_view first_keyword;
  while (!cursor.at(")")) {
    if (cursor.peek().kind == TokenKind::end) expect_separator(cursor, "", open, ")");
    Argument argument;
    std::size_t index = 0;
    if (cursor.peek().kind == TokenKind::name && cursor.peek(1).kind == TokenKind::symbol &&
        cursor.peek(1).text == "=") {
      const std::string_view keyword = cursor.take().text;
      cursor.take();
      index = keyword_index(signature, keyword);
      argument.label = std::string(keyword);
      if (first_keyword.empty()) first_keyword = keyword;
      if (const auto& earlier = call.arguments[index])
        throw LayerStringError(
            fmt::format("{}: given twice, {} by keyword; allowed: once", keyword,
                        earlier->position == 0 ? "both times" : fmt::format("as argument {} and", earlier->position)));
    } else {
      index = positional++;
      if (!first_keyword.empty())
        throw LayerStringError(fmt::format("argument {}: a positional argument after the keyword argument {}=, "
                                           "which Python refuses; allowed: positional arguments first, then "
                                           "keyword ones",
                                           count + 1, first_keyword));
      if (index >= parameters.size())
        throw LayerStringError(fmt::format("argument {}: too many positional arguments; {} takes at most {}: {}",
                                           positional, signature.class_name, parameters.size(),
                                           quoted_list(std::span(parameters.begin(), parameters.size()))));
      argument.label = fmt::format("{} (argument {})", parameters.begin()[index], positional);
      argument.position = positional;
    }
    ++count;
    argument.value = read_value(cursor, argument.label);
    if (cursor.peek().kind != TokenKind::end) expect_separator(cursor, argument.label + ": ", open, ")");
    call.arguments[index] = std::move(argument);
    if (cursor.at(",")) cursor.take();
  }
  cursor.take();
  if (cursor.peek().kind != TokenKind::end)
    throw LayerStringError(fmt::format("unexpected text after the call's closing \")\" {}", cursor.here()));
  for (std::size_t i = 0; i < signature.required; ++i)
    if (!call.arguments[i])
      throw LayerStringError(fmt::format("{} (argument {}): missing; {} requires {}", parameters.begin()[i], i + 1,
                                         signature.class_name,
                                         quoted_list(std::span(parameters.begin(), signature.required))));
  return call;
}

// ---- What the arguments say, checked ----

[[noreturn]] void fail(const Argument& argument, std::string_view message) {
  throw LayerStringError(fmt::format("{}: {}", argument.label, message));
}

// "expected ..., got ...", adding that a bool is no number here although Python would take it as one.
[[noreturn]] void fail_expected(const Argument& argument, std::string_view allowed) {
  const bool has_bool = std::any_of(argument.value.items.begin(), argument.value.items.end(),
                                    [](const Scalar& s) { return s.kind == Scalar::Kind::boolean; });
  fail(argument, fmt::format("expected {}, got {}{}", allowed, describe(argument.value),
                             has_bool ? " (a bool, which Python would take as 0 or 1: write the number)" : ""));
}

int integer(const Argument& argument, int min, int max) {
  const Scalar& s = argument.value.items.empty() ? Scalar{} : argument.value.items[0];
  if (argument.value.bracket != 0 || s.kind != Scalar::Kind::integer || s.integer < min || s.integer > max)
    fail_expected(argument, fmt::format("an integer from {} to {}", min, max));
  return static_cast<int>(s.integer);
}

// An int means the same on every axis; a tuple or list gives one per axis (PyTorch's _pair, _single).
// A 1-D layer's one axis is the width; its height keeps `trivial`.
std::array<int, 2> per_axis(const Argument& argument, int dims, int min, int max, int trivial) {
  const Value& value = argument.value;
  const std::string allowed =
      fmt::format("{} integer or a tuple of {}", min > 0 ? "a positive" : "a non-negative", dims);
  if (value.bracket != 0 && value.items.size() != std::size_t(dims)) fail_expected(argument, allowed);
  for (const Scalar& s : value.items)
    if (s.kind != Scalar::Kind::integer || s.integer < min) fail_expected(argument, allowed);
  for (const Scalar& s : value.items)
    if (s.integer > max)
      fail(argument, fmt::format("{} is more than convanim draws; allowed: {} to {}", describe(value), min, max));
  const auto at = [&](std::size_t i) { return static_cast<int>(value.items[value.bracket == 0 ? 0 : i].integer); };
  return dims == 1 ? std::array{trivial, at(0)} : std::array{at(0), at(1)};
}

bool flag(const Argument& argument) {
  if (!argument.value.is_scalar(Scalar::Kind::boolean)) fail_expected(argument, "True or False");
  return argument.value.items[0].integer != 0;
}

// Arguments PyTorch takes but that change the drawing in ways convanim does not show.
void refuse_unless_false(const Argument* argument) {
  if (argument && flag(*argument))
    fail(*argument, fmt::format("convanim does not draw {}=True; allowed: False",
                                argument->label.substr(0, argument->label.find(' '))));
}

std::string on_axis(int dims, std::size_t axis) {
  return dims == 1 ? "" : fmt::format(" on the {} axis", axis == 0 ? "height" : "width");
}

void read_padding_mode(const Argument* argument) {
  if (!argument) return;
  if (!argument->value.is_scalar(Scalar::Kind::string)) fail_expected(*argument, "'zeros'");
  if (argument->value.items[0].text != "zeros")
    fail(*argument,
         fmt::format("convanim draws only zero padding; allowed: 'zeros', got {}", describe(argument->value)));
}

// device= and dtype= place the weights; the arithmetic is the same wherever they are.
void accept_placement(const Argument* argument) {
  if (argument && argument->value.bracket != 0)
    fail_expected(*argument, "a simple value such as None, 'cpu' or torch.float32");
}

// padding: a number per axis, or for Conv1d/Conv2d one of the strings PyTorch knows.
void read_padding(const BoundCall& bound, LayerCall& call) {
  const Argument* padding = bound["padding"];
  if (!padding) return;
  const std::string numbers = fmt::format("a non-negative integer or a tuple of {}", call.dims);
  if (!padding->value.is_scalar(Scalar::Kind::string)) {
    call.padding = per_axis(*padding, call.dims, 0, max_parameter, 0);
    return;
  }
  if (call.operation != Operation::convolution)
    fail(*padding, fmt::format("{} takes no padding string (PyTorch cannot run it); allowed: {}, got {}",
                               call.class_name, numbers, describe(padding->value)));
  const std::string_view scheme = padding->value.items[0].text;
  if (scheme != "valid" && scheme != "same") fail_expected(*padding, fmt::format("'valid', 'same', {}", numbers));
  call.padding_scheme = scheme == "valid" ? PaddingScheme::valid : PaddingScheme::same;
  const Argument* stride = bound["stride"];
  if (call.padding_scheme == PaddingScheme::same && (call.stride[0] != 1 || call.stride[1] != 1))
    fail(*padding, fmt::format("padding='same' is not supported for strided convolutions (PyTorch's rule), got "
                               "stride={}; allowed with 'same': stride 1",
                               stride ? describe(stride->value) : "1"));
}

void read_convolution(const BoundCall& bound, LayerCall& call) {
  call.has_channels = true;
  call.in_channels = integer(*bound["in_channels"], 1, max_channels);
  call.out_channels = integer(*bound["out_channels"], 1, max_channels);
  if (const Argument* groups = bound["groups"]) {
    call.groups = integer(*groups, 1, max_channels);
    const auto check_divides = [&](std::string_view name, int channels) {
      if (channels % call.groups == 0) return;
      std::string divisors;
      for (int d = 1; d <= std::min(call.in_channels, call.out_channels); ++d)
        if (call.in_channels % d == 0 && call.out_channels % d == 0)
          divisors += fmt::format("{}{}", divisors.empty() ? "" : ", ", d);
      fail(*groups, fmt::format("{} must be divisible by groups (PyTorch's rule), got {}={}, groups={}; allowed: {}",
                                name, name, channels, call.groups, divisors));
    };
    check_divides("in_channels", call.in_channels);
    check_divides("out_channels", call.out_channels);
  }
  if (const Argument* bias = bound["bias"]) call.bias = flag(*bias);
  read_padding_mode(bound["padding_mode"]);
  accept_placement(bound["device"]);
  accept_placement(bound["dtype"]);
}

// output_padding widens the output of a transposed convolution; PyTorch bounds it per axis.
void read_output_padding(const BoundCall& bound, LayerCall& call) {
  const Argument* output_padding = bound["output_padding"];
  if (!output_padding) return;
  call.output_padding = per_axis(*output_padding, call.dims, 0, max_parameter, 0);
  for (std::size_t axis = 0; axis < 2; ++axis) {
    const int bound_here = std::max(call.stride[axis], call.dilation[axis]);
    if (call.output_padding[axis] >= bound_here)
      fail(*output_padding, fmt::format("{}{} must be smaller than max(stride, dilation) = {} (PyTorch's rule); "
                                        "allowed: 0 to {}",
                                        call.output_padding[axis], on_axis(call.dims, axis), bound_here,
                                        bound_here - 1));
  }
}

void read_pooling(const BoundCall& bound, LayerCall& call) {
  call.bias = false;
  refuse_unless_false(bound["return_indices"]);
  refuse_unless_false(bound["ceil_mode"]);
  if (const Argument* count_include_pad = bound["count_include_pad"]) call.count_include_pad = flag(*count_include_pad);
  if (const Argument* divisor = bound["divisor_override"]; divisor && !divisor->value.is_scalar(Scalar::Kind::none))
    fail(*divisor,
         fmt::format("convanim does not draw a divisor override; allowed: None, got {}", describe(divisor->value)));
  // PyTorch 2's bound (on the first forward call): half the effective, dilated window. (1.13 halved
  // kernel_size alone; scenario.cpp's check_geometry applies the same rule as here.)
  for (std::size_t axis = 0; axis < 2; ++axis) {
    const int window = call.dilation[axis] * (call.kernel[axis] - 1) + 1;
    if (call.padding[axis] > window / 2)
      fail(*bound["padding"], fmt::format("{}{} is more than half the pooling window {} (PyTorch's rule for "
                                          "pooling); allowed: 0 to {}",
                                          call.padding[axis], on_axis(call.dims, axis), window, window / 2));
  }
}

LayerCall resolve(const BoundCall& bound) {
  const Signature& signature = *bound.signature;
  LayerCall call;
  call.operation = signature.operation;
  call.dims = signature.dims;
  call.class_name = std::string(signature.class_name);
  const bool pooling = signature.operation == Operation::max_pooling ||
                       signature.operation == Operation::average_pooling;
  call.kernel = per_axis(*bound["kernel_size"], call.dims, 1, max_parameter, 1);
  if (const Argument* stride = bound["stride"]; stride && !(pooling && stride->value.is_scalar(Scalar::Kind::none)))
    call.stride = per_axis(*stride, call.dims, 1, max_parameter, 1);
  else if (pooling)
    call.stride = call.kernel;  // PyTorch's default: windows side by side
  if (const Argument* dilation = bound["dilation"]) call.dilation = per_axis(*dilation, call.dims, 1, max_parameter, 1);
  read_padding(bound, call);
  if (pooling) {
    read_pooling(bound, call);
  } else {
    read_convolution(bound, call);
    read_output_padding(bound, call);
  }
  return call;
}

// ---- Element-wise layers ----

// A Python float or int, as written.
double real(const Argument& argument, double min, double max) {
  const Value& value = argument.value;
  double number = 0;
  const bool numeric = value.bracket == 0 && (value.items[0].kind == Scalar::Kind::integer ||
                                              value.items[0].kind == Scalar::Kind::other_number);
  if (numeric) {
    const std::string_view text = value.items[0].text;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size()) fail_expected(argument, "a decimal number");
    if (value.items[0].negative) number = -number;
  }
  if (!numeric || !(number >= min && number <= max))
    fail_expected(argument, fmt::format("a number from {:g} to {:g}", min, max));
  return number;
}

constexpr double largest = 1e6;  // an element-wise layer's parameter: as every value convanim computes

ElementwiseCall resolve_elementwise(const BoundCall& bound, std::string_view text) {
  const Signature& signature = *bound.signature;
  ElementwiseCall call{std::string(text), std::string(signature.class_name), *signature.elementwise, {}};
  const auto number = [&](std::string_view name, double fallback, double min = -largest, double max = largest) {
    const Argument* argument = bound[name];
    return argument ? real(*argument, min, max) : fallback;
  };
  if (const Argument* inplace = bound["inplace"]) flag(*inplace);
  switch (call.function) {
    case EF::leaky_relu: call.parameters[0] = number("negative_slope", 0.01); break;
    case EF::elu:
    case EF::celu: call.parameters[0] = number("alpha", 1.0); break;
    case EF::softplus: call.parameters = {number("beta", 1.0), number("threshold", 20.0)}; break;
    case EF::gelu:
      if (const Argument* approximate = bound["approximate"]) {
        const bool text_value = approximate->value.is_scalar(Scalar::Kind::string);
        const std::string_view mode = text_value ? approximate->value.items[0].text : "";
        if (mode != "none" && mode != "tanh") fail_expected(*approximate, "'none' or 'tanh'");
        if (mode == "tanh") call.function = EF::gelu_tanh;
      }
      break;
    case EF::hardtanh:
      call.parameters = {number("min_val", -1.0), number("max_val", 1.0)};
      if (call.parameters[1] <= call.parameters[0])
        fail(bound["max_val"] ? *bound["max_val"] : *bound["min_val"],
             fmt::format("max_val must be greater than min_val (PyTorch's rule), got {:g} and {:g}",
                         call.parameters[0], call.parameters[1]));
      break;
    case EF::normalization:
      call.parameters[0] = integer(*bound["num_features"], 1, max_channels);
      number("eps", 1e-5, 0, largest);
      if (const Argument* momentum = bound["momentum"]; momentum && !momentum->value.is_scalar(Scalar::Kind::none))
        real(*momentum, 0, 1);
      for (std::string_view name : {"affine", "track_running_stats"})
        if (const Argument* argument = bound[name]) flag(*argument);
      accept_placement(bound["device"]);
      accept_placement(bound["dtype"]);
      break;
    default:
      if (signature.parameters.size() > 0 && signature.parameters.begin()[0] == "p") number("p", 0.5, 0, 1);
  }
  return call;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

void check_length(std::string_view text) {
  if (text.size() > max_layer_string_length)
    throw LayerStringError(fmt::format("the layer string has {} characters; allowed: at most {}", text.size(),
                                       max_layer_string_length));
}

}  // namespace

LayerCall parse_layer_call(std::string_view text) {
  check_length(text);
  Cursor cursor{text, tokenize(text)};
  const Signature& signature = read_class(cursor);
  if (signature.elementwise)
    throw LayerStringError(fmt::format("{} acts on each value alone and is not drawn by itself; allowed: {}, or {} "
                                       "after one of them in a network, e.g. nn.Sequential(nn.Conv2d(1, 1, 3), "
                                       "nn.{}())",
                                       signature.class_name, quoted_list(class_names), signature.class_name,
                                       signature.class_name));
  return resolve(read_arguments(cursor, signature));
}

std::optional<ElementwiseCall> parse_elementwise_call(std::string_view text) {
  check_length(text);
  Cursor cursor{text, tokenize(text)};
  const Signature* signature = nullptr;
  try {
    signature = &read_class(cursor);
  } catch (const LayerStringError&) {
    return std::nullopt;  // parse_layer_call says what is wrong
  }
  if (!signature->elementwise) return std::nullopt;
  return resolve_elementwise(read_arguments(cursor, *signature), trimmed(text));
}

}  // namespace convanim
