// libFuzzer target over the config reader and the simulator (see check_config.hpp).
#include <cstdint>

#include "tests/fuzz/check_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::check_config(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
