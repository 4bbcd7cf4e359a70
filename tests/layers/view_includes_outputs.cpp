// A view makes scenes and does not know who draws them.
#include "renderer/outputs/output.hpp"
