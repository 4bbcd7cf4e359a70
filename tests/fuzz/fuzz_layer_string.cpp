// libFuzzer target: any text as a PyTorch layer string either parses or throws one LayerStringError
// whose message is one line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "src/config/layer_string.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)convanim::parse_layer_call(text);
  } catch (const convanim::LayerStringError& error) {
    for (char c : std::string_view(error.what()))
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) std::abort();
  }
  return 0;
}
