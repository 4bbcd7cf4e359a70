// parse_layer_call against PyTorch's own signatures (torch 1.13 and 2.x). Each accepted row's numbers
// are what the layer's attributes read in torch; each refused row records who refuses it.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "src/config/config_error.hpp"
#include "src/config/layer_string.hpp"

using namespace convanim;
using Catch::Matchers::Contains;

namespace {

// The numbers torch reports for a layer, one per axis (only the width of a 1-D layer):
//   Class kernel=.. stride=.. padding=.. dilation=.. [in=.. out=.. groups=.. bias=..]
//   [output_padding=..] [count_include_pad=..]     padding=same / valid for a padding string
std::string axes(const std::array<int, 2>& values, int dims) {
  return dims == 1 ? fmt::format("{}", values[1]) : fmt::format("{},{}", values[0], values[1]);
}

std::string summary(const LayerCall& call) {
  std::string padding = axes(call.padding, call.dims);
  if (call.padding_scheme) padding = *call.padding_scheme == PaddingScheme::same ? "same" : "valid";
  std::string out = fmt::format("{} kernel={} stride={} padding={} dilation={}", call.class_name,
                                axes(call.kernel, call.dims), axes(call.stride, call.dims), padding,
                                axes(call.dilation, call.dims));
  if (call.has_channels)
    out += fmt::format(" in={} out={} groups={} bias={}", call.in_channels, call.out_channels, call.groups,
                       int(call.bias));
  if (call.operation == Operation::transposed_convolution)
    out += fmt::format(" output_padding={}", axes(call.output_padding, call.dims));
  if (call.operation == Operation::average_pooling)
    out += fmt::format(" count_include_pad={}", int(call.count_include_pad));
  return out;
}

struct ClassKind {
  std::string_view name;
  Operation operation;
  int dims;
};
constexpr ClassKind class_kinds[] = {
    {"Conv1d", Operation::convolution, 1},          {"Conv2d", Operation::convolution, 2},
    {"ConvTranspose1d", Operation::transposed_convolution, 1},
    {"ConvTranspose2d", Operation::transposed_convolution, 2},
    {"MaxPool1d", Operation::max_pooling, 1},       {"MaxPool2d", Operation::max_pooling, 2},
    {"AvgPool1d", Operation::average_pooling, 1},   {"AvgPool2d", Operation::average_pooling, 2},
};

struct Accepted {
  std::string_view text;
  std::string_view expected;  // summary() of the layer torch builds from the same text
};

// Checked with torch 1.13: each text evaluated, the module's attributes read, one forward call run.
const Accepted accepted[] = {
    {R"(nn.Conv2d(3, 8, 3))", "Conv2d kernel=3,3 stride=1,1 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(Conv2d(3, 8, kernel_size=3, stride=2, padding=1))",
     "Conv2d kernel=3,3 stride=2,2 padding=1,1 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(torch.nn.Conv2d(in_channels=3, out_channels=8, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=1, bias=False))",
     "Conv2d kernel=3,5 stride=2,1 padding=1,2 dilation=2,1 in=3 out=8 groups=1 bias=0"},
    {R"(nn.Conv2d(4, 8, 3, 2, 1, 2, 2, False, 'zeros', None, None))",
     "Conv2d kernel=3,3 stride=2,2 padding=1,1 dilation=2,2 in=4 out=8 groups=2 bias=0"},
    {R"(nn.Conv2d(3, 6, [3, 3], stride=[1, 2]))",
     "Conv2d kernel=3,3 stride=1,2 padding=0,0 dilation=1,1 in=3 out=6 groups=1 bias=1"},
    // Python's integer literals, as torch reads them: hexadecimal, octal, binary, underscores.
    {R"(nn.Conv2d(0x3, 0o10, 0b11, stride=1_0, padding=0X_1))",
     "Conv2d kernel=3,3 stride=10,10 padding=1,1 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.MaxPool2d(0B1_0, padding=00, dilation=0b1))", "MaxPool2d kernel=2,2 stride=2,2 padding=0,0 dilation=1,1"},
    {R"(nn.Conv2d(3, 8, (3), stride=(2)))",
     "Conv2d kernel=3,3 stride=2,2 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(3, 8, 3, padding='same'))",
     "Conv2d kernel=3,3 stride=1,1 padding=same dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(3, 8, 4, padding="same", dilation=2, stride=(1, 1)))",
     "Conv2d kernel=4,4 stride=1,1 padding=same dilation=2,2 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(3, 8, 3, stride=2, padding='valid'))",
     "Conv2d kernel=3,3 stride=2,2 padding=valid dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {"nn.Conv2d(\n\t3,\n\t8,\n\tkernel_size=3,\n)",
     "Conv2d kernel=3,3 stride=1,1 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {"\r\n  torch . nn . Conv2d ( 3 ,8,3 , stride = 2 )  \f",
     "Conv2d kernel=3,3 stride=2,2 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(3, 8, 3, device='cpu', dtype=torch.float32))",
     "Conv2d kernel=3,3 stride=1,1 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(3, 8, 3, device=None, dtype=None, padding_mode='zeros'))",
     "Conv2d kernel=3,3 stride=1,1 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(+3, 8, 3, padding=+1, stride=(+2, 1)))",
     "Conv2d kernel=3,3 stride=2,1 padding=1,1 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(8, 8, 3, groups=8, padding=1, bias=True))",
     "Conv2d kernel=3,3 stride=1,1 padding=1,1 dilation=1,1 in=8 out=8 groups=8 bias=1"},
    {R"(nn.Conv2d(1024, 1024, (1, 256), stride=256, padding=(256, 0), dilation=(1, 256), groups=1024))",
     "Conv2d kernel=1,256 stride=256,256 padding=256,0 dilation=1,256 in=1024 out=1024 groups=1024 bias=1"},
    {R"(nn.Conv2d(3, 8, 3,))", "Conv2d kernel=3,3 stride=1,1 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv2d(3, 8, 3, 1, 0))", "Conv2d kernel=3,3 stride=1,1 padding=0,0 dilation=1,1 in=3 out=8 groups=1 bias=1"},
    {R"(nn.Conv1d(16, 33, 3, stride=2))", "Conv1d kernel=3 stride=2 padding=0 dilation=1 in=16 out=33 groups=1 bias=1"},
    {R"(nn.Conv1d(4, 4, (5,), stride=(2,), padding=[1], dilation=3, groups=2))",
     "Conv1d kernel=5 stride=2 padding=1 dilation=3 in=4 out=4 groups=2 bias=1"},
    {R"(nn.Conv1d(2, 4, 3, padding='same', dilation=2))",
     "Conv1d kernel=3 stride=1 padding=same dilation=2 in=2 out=4 groups=1 bias=1"},
    {R"(Conv1d(2, 4, 3, 1, 'valid'))", "Conv1d kernel=3 stride=1 padding=valid dilation=1 in=2 out=4 groups=1 bias=1"},
    {R"(torch.nn.Conv1d(2, 4, kernel_size=[7], bias=False, device='cpu'))",
     "Conv1d kernel=7 stride=1 padding=0 dilation=1 in=2 out=4 groups=1 bias=0"},
    {R"(nn.ConvTranspose2d(3, 8, kernel_size=4, stride=2, padding=1, output_padding=0, groups=1, bias=True, dilation=1))",
     "ConvTranspose2d kernel=4,4 stride=2,2 padding=1,1 dilation=1,1 in=3 out=8 groups=1 bias=1 output_padding=0,0"},
    {R"(nn.ConvTranspose2d(4, 6, 3, 2, 1, 1, 2, False, 2))",
     "ConvTranspose2d kernel=3,3 stride=2,2 padding=1,1 dilation=2,2 in=4 out=6 groups=2 bias=0 output_padding=1,1"},
    {R"(nn.ConvTranspose2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), output_padding=(1, 0)))",
     "ConvTranspose2d kernel=3,5 stride=2,1 padding=4,2 dilation=1,1 in=16 out=33 groups=1 bias=1 output_padding=1,0"},
    {R"(nn.ConvTranspose2d(1, 1, 3, dilation=3, output_padding=2))",
     "ConvTranspose2d kernel=3,3 stride=1,1 padding=0,0 dilation=3,3 in=1 out=1 groups=1 bias=1 output_padding=2,2"},
    {R"(ConvTranspose2d(1, 1, 3, padding_mode='zeros', device=None))",
     "ConvTranspose2d kernel=3,3 stride=1,1 padding=0,0 dilation=1,1 in=1 out=1 groups=1 bias=1 output_padding=0,0"},
    {R"(nn.ConvTranspose2d(2, 2, [2, 3], stride=[3, 2], output_padding=[2, 1], padding=(0, 1),))",
     "ConvTranspose2d kernel=2,3 stride=3,2 padding=0,1 dilation=1,1 in=2 out=2 groups=1 bias=1 output_padding=2,1"},
    {R"(nn.ConvTranspose1d(2, 4, 3, stride=3, output_padding=2))",
     "ConvTranspose1d kernel=3 stride=3 padding=0 dilation=1 in=2 out=4 groups=1 bias=1 output_padding=2"},
    {R"(nn.ConvTranspose1d(2, 4, kernel_size=(3,), padding=(1,), dilation=[2], output_padding=1))",
     "ConvTranspose1d kernel=3 stride=1 padding=1 dilation=2 in=2 out=4 groups=1 bias=1 output_padding=1"},
    {R"(nn.MaxPool2d(2))", "MaxPool2d kernel=2,2 stride=2,2 padding=0,0 dilation=1,1"},
    {R"(nn.MaxPool2d(3, stride=2))", "MaxPool2d kernel=3,3 stride=2,2 padding=0,0 dilation=1,1"},
    {R"(nn.MaxPool2d((3, 2), stride=(2, 1), padding=1, dilation=(1, 2)))",
     "MaxPool2d kernel=3,2 stride=2,1 padding=1,1 dilation=1,2"},
    {R"(nn.MaxPool2d(kernel_size=3, stride=None, padding=1, dilation=1, return_indices=False, ceil_mode=False))",
     "MaxPool2d kernel=3,3 stride=3,3 padding=1,1 dilation=1,1"},
    {R"(nn.MaxPool2d(3, None, 1))", "MaxPool2d kernel=3,3 stride=3,3 padding=1,1 dilation=1,1"},
    {R"(nn.MaxPool2d([2, 3]))", "MaxPool2d kernel=2,3 stride=2,3 padding=0,0 dilation=1,1"},
    {R"(torch.nn.MaxPool2d(kernel_size=(2, 2), stride=(1, 1)))",
     "MaxPool2d kernel=2,2 stride=1,1 padding=0,0 dilation=1,1"},
    {R"(nn.MaxPool1d(3, stride=2))", "MaxPool1d kernel=3 stride=2 padding=0 dilation=1"},
    {R"(nn.MaxPool1d((4,), padding=2, dilation=2))", "MaxPool1d kernel=4 stride=4 padding=2 dilation=2"},
    // PyTorch 2 halves the dilated window d(k - 1) + 1 = 5 (1.13 halved kernel_size: this row is 2's).
    {R"(nn.MaxPool2d(3, padding=2, dilation=2))", "MaxPool2d kernel=3,3 stride=3,3 padding=2,2 dilation=2,2"},
    {R"(nn.MaxPool1d(2))", "MaxPool1d kernel=2 stride=2 padding=0 dilation=1"},
    {R"(nn.AvgPool2d(3, stride=2))", "AvgPool2d kernel=3,3 stride=2,2 padding=0,0 dilation=1,1 count_include_pad=1"},
    {R"(nn.AvgPool2d((3, 2), stride=(2, 1), padding=(1, 0), ceil_mode=False, count_include_pad=False, divisor_override=None))",
     "AvgPool2d kernel=3,2 stride=2,1 padding=1,0 dilation=1,1 count_include_pad=0"},
    {R"(nn.AvgPool2d(2, None, 1, False, False))",
     "AvgPool2d kernel=2,2 stride=2,2 padding=1,1 dilation=1,1 count_include_pad=0"},
    {R"(nn.AvgPool2d(4))", "AvgPool2d kernel=4,4 stride=4,4 padding=0,0 dilation=1,1 count_include_pad=1"},
    {R"(nn.AvgPool1d(3, stride=2))", "AvgPool1d kernel=3 stride=2 padding=0 dilation=1 count_include_pad=1"},
    {R"(nn.AvgPool1d(kernel_size=4, padding=2, count_include_pad=False))",
     "AvgPool1d kernel=4 stride=4 padding=2 dilation=1 count_include_pad=0"},
    {R"(nn.AvgPool1d(3, None))", "AvgPool1d kernel=3 stride=3 padding=0 dilation=1 count_include_pad=1"},
};

// Who refuses a text: Python itself (syntax, names, binding arguments to the signature), PyTorch (its
// constructor, or the first forward call), or only convanim (torch builds and runs the layer).
enum class RefusedBy { python, pytorch, convanim };

struct Refused {
  std::string_view text;
  RefusedBy by;
  std::vector<std::string_view> message_parts;  // the argument, what was wrong, what is allowed
};

const Refused refused[] = {
    // The text's shape.
    {"", RefusedBy::python, {"empty layer string", "nn.Conv2d(3, 8, kernel_size=3)"}},
    {R"(nn.Conv2d)", RefusedBy::python, {"expected \"(\" after Conv2d", "at the end of the text"}},
    {R"(nn.Conv2d(3, 8, 3)", RefusedBy::python, {"unbalanced parentheses", "\"(\" at character 10 is never closed"}},
    {R"(nn.Conv2d(3, 8, (3,)", RefusedBy::python,
     {"kernel_size (argument 3)", "unbalanced parentheses", "character 17"}},
    {R"(nn.Conv2d(3, 8, [3, 3))", RefusedBy::python,
     {"kernel_size (argument 3)", "expected \",\" or \"]\"", "character 22"}},
    {R"(nn.Conv2d(3, 8, 3)))", RefusedBy::python, {"unexpected text after the call's closing \")\"", "character 19"}},
    {R"(nn.Conv2d(3, 8, 3) x)", RefusedBy::python, {"unexpected text after", "\"x\""}},
    {R"(nn.Conv2d(3, 8, 3, padding_mode='zeros))", RefusedBy::python,
     {"unterminated string", "character 33", "'zeros)"}},
    {R"(nn.Conv2d(3 8, 3))", RefusedBy::python,
     {"in_channels (argument 1)", "expected \",\" or \")\"", "character 13"}},
    {R"(nn.Conv2d(3, , 8))", RefusedBy::python, {"out_channels (argument 2)", "expected a value", "character 14"}},
    {R"(nn.Conv2d(3, 8, 3, stride=-))", RefusedBy::python, {"stride", "expected a number after \"-\""}},
    {R"(nn.Conv2d(3, 8, 3, stride=2 $))", RefusedBy::python,
     {"unexpected \"$\" at character 29", "\"$)\"", "nn.Conv2d(3, 8, kernel_size=3)"}},
    {R"(nn.Conv2d(3, 8, 007))", RefusedBy::python, {"kernel_size (argument 3)", "leading zeros", "\"007)\""}},
    {R"(nn.Conv2d(3, 8, 0_3))", RefusedBy::python, {"kernel_size (argument 3)", "leading zeros"}},
    {R"(nn.Conv2d(3, 8, 1__1))", RefusedBy::python, {"kernel_size (argument 3)", "a positive integer", "got 1__1"}},
    {R"(nn.Conv2d(3, 8, 3_))", RefusedBy::python, {"kernel_size (argument 3)", "got 3_"}},
    {R"(nn.Conv2d(3, 8, 0b12))", RefusedBy::python, {"kernel_size (argument 3)", "got 0b12"}},
    {R"(nn.Conv2d(3, 8, 0x))", RefusedBy::python, {"kernel_size (argument 3)", "got 0x"}},
    {R"(nn.Conv2d(3, 8, k))", RefusedBy::python,
     {"kernel_size (argument 3)", "expected a positive integer or a tuple of 2", "got k"}},
    {R"(nn.Conv2d(3, 8, ((3, 3), 3)))", RefusedBy::pytorch,
     {"kernel_size (argument 3)", "nested tuple", "allowed: one level"}},
    {R"(nn.Conv2d(3, 8, 3, device=torch.device('cpu')))", RefusedBy::convanim,
     {"device", "expected \",\" or \")\"", "('cpu'))"}},
    // Control characters and broken UTF-8 in the input never reach the message raw.
    {"nn.Conv2d(3, 8, 3,\n stride=\x07)", RefusedBy::python, {"unexpected \"\\u0007\"", "\\u0007)"}},
    {"nn.Conv\x1b[31m2d(3, 8, 3)", RefusedBy::python, {"unexpected \"\\u001B\"", "\\u001B[31m2d"}},
    {"nn.Conv2d(3, 8, 3, padding_mode='\x1b[2J')", RefusedBy::pytorch,
     {"padding_mode", "allowed: 'zeros'", "'\\u001B[2J'"}},
    {"nn.Conv2d(3, 8, 3, padding_mode='zeros\n')", RefusedBy::python, {"unterminated string", "'zeros\\n')"}},
    {"nn.Conv2d(3, 8, 3, padding_mode='\xff')", RefusedBy::pytorch, {"padding_mode", "'\\xFF'"}},
    {"nn.Conv2d(3,\r\n 8,\r\n 3,\r\n bias=None)", RefusedBy::convanim, {"bias", "expected True or False, got None"}},
    {R"(nn.Conv2d(3, 8, 3, padding_mode='ze\ros'))", RefusedBy::pytorch,
     {"backslash in a string", "plain strings such as 'zeros'"}},
    // Binding arguments to the signature, by Python's rules.
    {R"(nn.Conv2d(3, 8, 3, stride=2, 1))", RefusedBy::python,
     {"argument 5", "positional argument after the keyword argument stride=", "positional arguments first"}},
    {R"(nn.Conv2d(3, 8, 3, stride=2, stride=1))", RefusedBy::python,
     {"stride: given twice, both times by keyword", "allowed: once"}},
    {R"(nn.Conv2d(3, 8, 3, in_channels=3))", RefusedBy::python,
     {"in_channels: given twice, as argument 1 and by keyword", "allowed: once"}},
    {R"(nn.Conv2d(3, 8))", RefusedBy::python,
     {"kernel_size (argument 3): missing", R"("in_channels", "out_channels", "kernel_size")"}},
    {R"(nn.MaxPool2d())", RefusedBy::python,
     {"kernel_size (argument 1): missing", "MaxPool2d requires \"kernel_size\""}},
    {R"(nn.ConvTranspose2d(kernel_size=3, in_channels=3))", RefusedBy::python, {"out_channels (argument 2): missing"}},
    {R"(nn.Conv2d(3, 8, 3, 1, 0, 1, 1, True, 'zeros', None, None, 5))", RefusedBy::python,
     {"argument 12", "too many positional arguments", "Conv2d takes at most 11", "\"dtype\""}},
    {R"(nn.MaxPool2d(2, 2, 0, 1, False, False, 7))", RefusedBy::python,
     {"argument 7", "MaxPool2d takes at most 6", "\"ceil_mode\""}},
    {R"(nn.AvgPool1d(2, 2, 0, False, True, None))", RefusedBy::python,
     {"argument 6", "AvgPool1d takes at most 5", "\"count_include_pad\""}},
    {R"(nn.Conv2d(3, 8, 3, strides=2))", RefusedBy::python,
     {"unknown keyword \"strides\" for Conv2d", "did you mean \"stride\"", "\"padding_mode\""}},
    {R"(nn.ConvTranspose2d(3, 8, 3, output_pading=1))", RefusedBy::python,
     {"unknown keyword \"output_pading\"", "did you mean \"output_padding\""}},
    {R"(nn.MaxPool2d(2, output_padding=1))", RefusedBy::python,
     {"unknown keyword \"output_padding\" for MaxPool2d", "\"return_indices\""}},
    {R"(nn.AvgPool2d(2, dilation=2))", RefusedBy::python,
     {"unknown keyword \"dilation\" for AvgPool2d", "\"divisor_override\""}},
    {R"(nn.AvgPool1d(2, divisor_override=None))", RefusedBy::python,
     {"unknown keyword \"divisor_override\" for AvgPool1d", "\"count_include_pad\""}},
    {R"(nn.Conv2D(3, 8, 3))", RefusedBy::python,
     {"unknown layer class \"nn.Conv2D\"", "did you mean \"Conv2d\"", "\"ConvTranspose1d\"", "\"AvgPool2d\""}},
    {R"(foo.Conv2d(3, 8, 3))", RefusedBy::python, {"unknown module \"foo.\"", "nn.Conv2d", "torch.nn.Conv2d"}},
    // PyTorch's own rules.
    {R"(nn.Conv2d(3, 8, 3, padding='same', stride=2))", RefusedBy::pytorch,
     {"padding: padding='same' is not supported for strided convolutions", "stride=2",
      "allowed with 'same': stride 1"}},
    {R"(nn.Conv2d(3, 8, 3, stride=(1, 2), padding='same'))", RefusedBy::pytorch,
     {"padding:", "stride=(1, 2)", "stride 1"}},
    {R"(nn.Conv1d(3, 8, 3, 2, 'same'))", RefusedBy::pytorch, {"padding (argument 5)", "strided", "stride=2"}},
    {R"(nn.Conv2d(3, 8, 3, padding='full'))", RefusedBy::pytorch,
     {"padding: expected 'valid', 'same', a non-negative integer or a tuple of 2", "got 'full'"}},
    {R"(nn.Conv2d(3, 8, 3, padding='SAME'))", RefusedBy::pytorch, {"padding", "'valid', 'same'", "got 'SAME'"}},
    {R"(nn.ConvTranspose2d(3, 8, 3, padding='same'))", RefusedBy::pytorch,
     {"padding: ConvTranspose2d takes no padding string", "allowed: a non-negative integer or a tuple of 2"}},
    {R"(nn.ConvTranspose1d(3, 8, 3, padding='valid'))", RefusedBy::pytorch,
     {"ConvTranspose1d takes no padding string", "tuple of 1", "got 'valid'"}},
    {R"(nn.MaxPool2d(3, padding='same'))", RefusedBy::pytorch,
     {"padding: MaxPool2d takes no padding string", "non-negative integer"}},
    {R"(nn.AvgPool1d(3, padding='valid'))", RefusedBy::pytorch, {"padding: AvgPool1d takes no padding string"}},
    {R"(nn.Conv2d(3, 8, 3, groups=2))", RefusedBy::pytorch,
     {"groups: in_channels must be divisible by groups", "allowed: 1"}},
    {R"(nn.Conv2d(4, 6, 3, groups=4))", RefusedBy::pytorch,
     {"groups: out_channels must be divisible by groups", "allowed: 1, 2"}},
    {R"(nn.ConvTranspose2d(6, 4, 3, groups=3))", RefusedBy::pytorch,
     {"groups: out_channels must be divisible by groups", "got out_channels=4, groups=3", "allowed: 1, 2"}},
    {R"(nn.Conv2d(3, 8, 3, groups=0))", RefusedBy::pytorch, {"groups: expected an integer from 1 to 1024, got 0"}},
    {R"(nn.Conv2d(3, 8, 3, padding_mode='bogus'))", RefusedBy::pytorch,
     {"padding_mode", "allowed: 'zeros'", "got 'bogus'"}},
    {R"(nn.ConvTranspose2d(3, 8, 3, padding_mode='reflect'))", RefusedBy::pytorch,
     {"padding_mode", "allowed: 'zeros'", "got 'reflect'"}},
    {R"(nn.ConvTranspose2d(1, 1, 3, stride=2, output_padding=2))", RefusedBy::pytorch,
     {"output_padding", "smaller than max(stride, dilation) = 2", "allowed: 0 to 1"}},
    {R"(nn.ConvTranspose2d(1, 1, 3, stride=(2, 1), output_padding=(1, 1)))", RefusedBy::pytorch,
     {"output_padding", "on the width axis", "max(stride, dilation) = 1", "allowed: 0 to 0"}},
    {R"(nn.ConvTranspose1d(1, 1, 3, output_padding=1))", RefusedBy::pytorch,
     {"output_padding: 1 must be smaller than max(stride, dilation) = 1"}},
    {R"(nn.Conv2d(3, 8, 3, stride=0))", RefusedBy::pytorch,
     {"stride: expected a positive integer or a tuple of 2, got 0"}},
    {R"(nn.Conv2d(3, 8, 3, stride=(2, 0)))", RefusedBy::pytorch,
     {"stride: expected a positive integer or a tuple of 2, got (2, 0)"}},
    {R"(nn.Conv2d(3, 8, 3, padding=-1))", RefusedBy::pytorch,
     {"padding: expected a non-negative integer or a tuple of 2, got -1"}},
    {R"(nn.Conv2d(3, 8, 3, dilation=0))", RefusedBy::pytorch, {"dilation: expected a positive integer", "got 0"}},
    {R"(nn.Conv2d(3, 8, 0))", RefusedBy::pytorch, {"kernel_size (argument 3): expected a positive integer", "got 0"}},
    {R"(nn.Conv2d(-3, 8, 3))", RefusedBy::pytorch,
     {"in_channels (argument 1): expected an integer from 1 to 1024, got -3"}},
    {R"(nn.Conv2d(3, 8, (3, 3, 3)))", RefusedBy::pytorch,
     {"kernel_size (argument 3)", "a tuple of 2", "got (3, 3, 3)"}},
    {R"(nn.Conv1d(3, 8, (3, 3)))", RefusedBy::pytorch,
     {"kernel_size (argument 3)", "a positive integer or a tuple of 1", "got (3, 3)"}},
    {R"(nn.Conv2d(3, 8, [3]))", RefusedBy::pytorch, {"kernel_size (argument 3)", "got [3]"}},
    {R"(nn.MaxPool2d((2, 2, 2)))", RefusedBy::pytorch, {"kernel_size (argument 1)", "a tuple of 2", "got (2, 2, 2)"}},
    {R"(nn.MaxPool1d((2, 2)))", RefusedBy::pytorch, {"kernel_size (argument 1)", "a tuple of 1", "got (2, 2)"}},
    {R"(nn.Conv2d(3, 8, 1.5))", RefusedBy::pytorch,
     {"kernel_size (argument 3)", "a positive integer or a tuple of 2", "got 1.5"}},
    {R"(nn.Conv2d(3, 8, 3, stride=1.0))", RefusedBy::pytorch, {"stride", "got 1.0"}},
    {R"(nn.MaxPool2d(2.5))", RefusedBy::pytorch, {"kernel_size (argument 1)", "got 2.5"}},
    {R"(nn.Conv2d(3, 8, 3, stride=True))", RefusedBy::pytorch, {"stride", "got True", "Python would take as 0 or 1"}},
    {R"(nn.MaxPool2d(3, padding=2))", RefusedBy::pytorch,
     {"padding", "more than half the pooling window 3", "allowed: 0 to 1"}},
    {R"(nn.MaxPool2d(3, padding=3, dilation=2))", RefusedBy::pytorch,
     {"padding", "more than half the pooling window 5", "allowed: 0 to 2"}},
    {R"(nn.AvgPool2d((4, 3), padding=(2, 2)))", RefusedBy::pytorch,
     {"padding: 2 on the width axis", "pooling window 3", "allowed: 0 to 1"}},
    {R"(nn.MaxPool2d(2, stride=0))", RefusedBy::pytorch, {"stride", "a positive integer", "got 0"}},
    {R"(nn.Conv2d(3, 8, 3, padding=('same', 1)))", RefusedBy::pytorch,
     {"padding", "a non-negative integer or a tuple of 2", "got ('same', 1)"}},
    {R"(nn.Conv2d(3, 8, 3, stride=99999999999999999999))", RefusedBy::pytorch,
     {"stride", "more than convanim draws", "allowed: 1 to 256"}},
    {R"(nn.Conv2d(3, 8, 3, device=(1, 2)))", RefusedBy::pytorch,
     {"device", "a simple value such as None", "got (1, 2)"}},
    {R"(nn.AvgPool2d(2, count_include_pad=0))", RefusedBy::pytorch,
     {"count_include_pad: expected True or False, got 0"}},
    {R"(nn.ConvTranspose2d(3, 8, 3, stride=2, output_padding=(1, 257)))", RefusedBy::pytorch,
     {"output_padding", "(1, 257)", "allowed: 0 to 256"}},
    // What torch builds and runs, but convanim does not draw.
    {R"(nn.Conv3d(3, 8, 3))", RefusedBy::convanim,
     {"unknown layer class \"nn.Conv3d\"", "allowed: \"Conv1d\", \"Conv2d\""}},
    {R"(nn.Linear(3, 8))", RefusedBy::convanim, {"unknown layer class \"nn.Linear\"", "\"MaxPool2d\""}},
    {R"(nn.Conv2d(3, 8, True))", RefusedBy::convanim, {"kernel_size (argument 3)", "got True", "write the number"}},
    {R"(nn.Conv2d(3, 8, 3, bias=1))", RefusedBy::convanim, {"bias: expected True or False, got 1"}},
    {R"(nn.Conv2d(3, 8, 3, padding_mode='reflect'))", RefusedBy::convanim,
     {"padding_mode: convanim draws only zero padding", "allowed: 'zeros'", "got 'reflect'"}},
    {R"(nn.Conv1d(3, 8, 3, padding_mode="circular"))", RefusedBy::convanim, {"padding_mode", "got 'circular'"}},
    {R"(nn.MaxPool2d(2, ceil_mode=True))", RefusedBy::convanim,
     {"ceil_mode: convanim does not draw ceil_mode=True; allowed: False"}},
    {R"(nn.AvgPool1d(2, 2, 0, True))", RefusedBy::convanim,
     {"ceil_mode (argument 4): convanim does not draw ceil_mode=True; allowed: False"}},
    {R"(nn.MaxPool1d(2, return_indices=True))", RefusedBy::convanim,
     {"return_indices: convanim does not draw return_indices=True; allowed: False"}},
    {R"(nn.AvgPool2d(2, divisor_override=2))", RefusedBy::convanim, {"divisor_override", "allowed: None", "got 2"}},
    {R"(nn.Conv2d(1025, 8, 3))", RefusedBy::convanim,
     {"in_channels (argument 1): expected an integer from 1 to 1024, got 1025"}},
    {R"(nn.Conv2d(3, 1025, 3))", RefusedBy::convanim, {"out_channels (argument 2)", "from 1 to 1024", "got 1025"}},
    {R"(nn.Conv2d(0, 8, 3))", RefusedBy::convanim, {"in_channels (argument 1)", "from 1 to 1024", "got 0"}},
    {R"(nn.Conv2d(3, 8, 257))", RefusedBy::convanim,
     {"kernel_size (argument 3): 257 is more than convanim draws", "allowed: 1 to 256"}},
    {R"(nn.Conv2d(3, 8, 3, padding=(0, 257)))", RefusedBy::convanim, {"padding", "(0, 257)", "allowed: 0 to 256"}},
    {R"(nn.Conv2d(3, 8, 3, dilation=257))", RefusedBy::convanim, {"dilation", "allowed: 1 to 256"}},
    {R"(nn.MaxPool2d(2, stride=()))", RefusedBy::convanim, {"stride", "a positive integer or a tuple of 2", "got ()"}},
};

// The message parse_layer_call throws, or "" when it accepts the text. Any other exception fails the test.
std::string error_of(std::string_view text) {
  try {
    parse_layer_call(text);
  } catch (const LayerStringError& e) {
    return e.what();
  }
  return "";
}

// One line, whatever the input held: no control characters (C0, DEL or UTF-8 encoded C1).
bool is_one_printable_line(std::string_view message) {
  for (std::size_t i = 0; i < message.size(); ++i) {
    const auto byte = static_cast<unsigned char>(message[i]);
    if (byte < 0x20 || byte == 0x7F) return false;
    if (byte == 0xC2 && i + 1 < message.size() && static_cast<unsigned char>(message[i + 1]) < 0xA0) return false;
  }
  return true;
}

constexpr std::size_t longest_message = 400;  // the longest allowed list plus an excerpt, on one line

}  // namespace

TEST_CASE("layer strings PyTorch accepts give the numbers torch reads", "[layer_string]") {
  for (const Accepted& row : accepted) {
    INFO(escape_for_message(row.text));
    const LayerCall call = parse_layer_call(row.text);
    CHECK(summary(call) == row.expected);

    const auto* kind = std::find_if(std::begin(class_kinds), std::end(class_kinds),
                                    [&](const ClassKind& k) { return k.name == call.class_name; });
    REQUIRE(kind != std::end(class_kinds));
    CHECK(call.operation == kind->operation);
    CHECK(call.dims == kind->dims);
    const bool pooling = call.operation == Operation::max_pooling || call.operation == Operation::average_pooling;
    CHECK(call.has_channels == !pooling);
    if (pooling) {
      CHECK(call.in_channels == 1);
      CHECK(call.out_channels == 1);
      CHECK(call.groups == 1);
      CHECK_FALSE(call.bias);
    }
    if (call.dims == 1) {  // the trivial height axis
      CHECK(call.kernel[0] == 1);
      CHECK(call.stride[0] == 1);
      CHECK(call.dilation[0] == 1);
      CHECK(call.padding[0] == 0);
      CHECK(call.output_padding[0] == 0);
    }
    if (call.operation != Operation::transposed_convolution) CHECK(call.output_padding == std::array{0, 0});
    if (call.operation != Operation::average_pooling) CHECK(call.count_include_pad);
    if (call.padding_scheme) CHECK(call.padding == std::array{0, 0});
  }
}

TEST_CASE("refused layer strings say which argument and what is allowed, on one line", "[layer_string]") {
  for (const Refused& row : refused) {
    INFO(escape_for_message(row.text));
    const std::string message = error_of(row.text);
    REQUIRE_FALSE(message.empty());
    for (std::string_view part : row.message_parts) CHECK_THAT(message, Contains(std::string(part)));
    CHECK(is_one_printable_line(message));
    CHECK(message.size() <= longest_message);
  }
}

TEST_CASE("the stride example reads exactly as the caller will show it", "[layer_string]") {
  CHECK(error_of("nn.Conv2d(3, 8, 3, stride=(2, 0))") ==
        "stride: expected a positive integer or a tuple of 2, got (2, 0)");
  CHECK(error_of("nn.Conv2d(3, 8, 3, stride=[2,\n0])") ==
        "stride: expected a positive integer or a tuple of 2, got [2, 0]");
}

TEST_CASE("text longer than the limit is refused before it is read", "[layer_string]") {
  const std::string call = "nn.Conv2d(3, 8, 3)";
  const std::string at_limit = call + std::string(max_layer_string_length - call.size(), ' ');
  CHECK(parse_layer_call(at_limit).kernel == std::array{3, 3});
  CHECK(error_of(at_limit + " ") ==
        fmt::format("the layer string has {} characters; allowed: at most {}", max_layer_string_length + 1,
                    max_layer_string_length));
  // Even when the excess would be a syntax error further in.
  CHECK_THAT(error_of(std::string(max_layer_string_length + 1, '(')), Contains("allowed: at most 1000"));
}

TEST_CASE("deep nesting and long argument lists stop at the first problem", "[layer_string]") {
  const std::string nested = "nn.Conv2d(3, 8, " + std::string(900, '(');
  CHECK_THAT(error_of(nested), Contains("kernel_size (argument 3): a nested tuple at character 18"));
  std::string many = "nn.Conv2d(";
  for (int i = 0; i < 300; ++i) many += "1, ";
  CHECK_THAT(error_of(many + ")"), Contains("argument 12: too many positional arguments"));
  std::string long_tuple = "nn.Conv2d(3, 8, (";
  for (int i = 0; i < 300; ++i) long_tuple += "3, ";
  const std::string message = error_of(long_tuple + "))");
  CHECK(message == "kernel_size (argument 3): expected a positive integer or a tuple of 2, got (3, 3, 3, 3, ...)");
}

TEST_CASE("every prefix and one-character change of an accepted string is read or refused on one line",
          "[layer_string]") {
  // The characters most likely to confuse a tokenizer: separators, quotes, signs, controls, a stray byte.
  constexpr std::string_view replacements = "()[],='\"+-.9a \n\x1b\xff";
  int refusals = 0;
  for (const Accepted& row : accepted) {
    const std::string text(row.text);
    std::vector<std::string> variants;
    for (std::size_t length = 0; length < text.size(); ++length) variants.push_back(text.substr(0, length));
    for (std::size_t i = 0; i < text.size(); ++i)
      for (char c : replacements) variants.push_back(text.substr(0, i) + c + text.substr(i + 1));
    for (const std::string& variant : variants) {
      const std::string message = error_of(variant);  // throws anything but LayerStringError: test fails
      if (message.empty()) continue;
      ++refusals;
      if (!is_one_printable_line(message) || message.size() > longest_message) FAIL_CHECK(escape_for_message(message));
    }
  }
  CHECK(refusals > 10'000);  // the variants really exercise the refusals
}
